import { styleText } from 'node:util';

type StyleFormat = Parameters<typeof styleText>[0];
export type Style = Exclude<StyleFormat, readonly unknown[]>;

/**
 * Colours for terminal output: on only for a TTY, and never when NO_COLOR is set (no-color.org).
 * The caller decides from the stream it writes to; styleText's own check would look at process.stdout,
 * which is not the stream a report written with `--output` goes to, so it is turned off.
 */
export function makeStyler(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return (style: Style | Style[], text: string): string =>
    enabled ? styleText(style, text, { validateStream: false }) : text;
}

export type Styler = ReturnType<typeof makeStyler>;

export const plainStyler: Styler = (_style, text) => text;
