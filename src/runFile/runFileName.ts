// Run files are recognised by name: `*.cargo-run.json` (their JSON schema is contributed for that pattern).

export const RUN_FILE_SUFFIX = '.cargo-run.json';

export function isRunFileName(path: string): boolean {
  return path.toLowerCase().endsWith(RUN_FILE_SUFFIX);
}

/** "Enrich lead" → "enrich-lead.cargo-run.json". */
export function runFileName(workflowName: string): string {
  const slug = workflowName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'run'}${RUN_FILE_SUFFIX}`;
}
