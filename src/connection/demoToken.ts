// `npm run demo` shows its simulator's token in the Sign In box, where it is typed, so that a person
// trying the extension need not look for it. Only the demo's build reads it (esbuild.mjs --demo, from
// the environment the demo gives code-server): every other build, the published one included, has
// `undefined` compiled in place of the read, so no installed extension ever shows a token.

/** The demo simulator's token, in the demo's build; undefined everywhere else. */
export function demoToken(): string | undefined {
  const token = process.env.CARGO_DEMO_TOKEN?.trim();
  return token ? token : undefined;
}

/** The Sign In box's placeholder and prompt in the demo: the token to type, and whose it is. */
export function demoSignInText(token: string, apiBaseUrl: string): { placeholder: string; prompt: string } {
  return {
    placeholder: `Demo: type ${token}`,
    prompt: `This is the demo: its Cargo API simulator at ${apiBaseUrl} takes the token ${token}. With a real workspace, paste an API token from Cargo › Settings › API tokens.`,
  };
}
