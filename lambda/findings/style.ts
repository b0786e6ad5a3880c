import { inspect } from 'node:util';

export type Style = keyof typeof inspect.colors;

/**
 * Colours for terminal output: on only for a TTY, and never when NO_COLOR is set (no-color.org).
 * Uses Node's own ANSI table (util.inspect.colors), which, unlike styleText, does not second-guess
 * the stream we were told about.
 */
export function makeStyler(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  return (style: Style | Style[], text: string): string => {
    if (!enabled) return text;
    let out = text;
    for (const name of Array.isArray(style) ? style : [style]) {
      const [open, close] = inspect.colors[name] ?? [0, 0];
      out = `\u001b[${open}m${out}\u001b[${close}m`;
    }
    return out;
  };
}

export type Styler = ReturnType<typeof makeStyler>;

export const plainStyler: Styler = (_style, text) => text;
