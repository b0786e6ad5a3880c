import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Colours for terminal output: on only for a TTY, and never when NO_COLOR is set (no-color.org). */
export function makeStyler(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return (style: Style, text: string): string => (enabled ? styleText(style, text) : text);
}

export type Styler = ReturnType<typeof makeStyler>;

export const plainStyler: Styler = (_style, text) => text;
