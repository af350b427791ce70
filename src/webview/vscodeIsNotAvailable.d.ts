// The webview's TypeScript program maps `vscode` here (tsconfig.json "paths"): this file is not a
// module, so an import of VS Code's API fails to compile. The webview talks to the extension with
// postMessage only.
