// The README's pictures, by what they show: the paths `npm run screenshots` writes (relative to the
// repository) and the README links to.
export const README_SCREENSHOTS = {
  runsView: 'media/readme/runs-view.png',
  runPanel: 'media/readme/run-panel.png',
  runFile: 'media/readme/run-file.png',
  problemsHover: 'media/readme/problems-hover.png',
  showFailures: 'media/readme/show-failures.png',
  insideRun: 'media/readme/inside-a-run.png',
} as const;

export type ReadmeScreenshot = keyof typeof README_SCREENSHOTS;
