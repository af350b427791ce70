// What models log to; VS Code's LogOutputChannel is one, and tests pass a quiet one.

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
