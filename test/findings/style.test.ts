import { makeStyler, plainStyler } from '../../lambda/findings/style';

describe('makeStyler', () => {
  it('colours for a TTY with the standard ANSI codes, combining styles', () => {
    const style = makeStyler({ isTTY: true }, {});
    expect(style('red', 'x')).toBe('\u001b[31mx\u001b[39m');
    expect(style(['bold', 'red'], 'x')).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
    expect(style('gray', 'x')).toBe('\u001b[90mx\u001b[39m');
  });

  it('does not colour when the caller says the stream is not a TTY, even if stdout is one', () => {
    expect(makeStyler({ isTTY: false }, {})('red', 'x')).toBe('x');
    expect(makeStyler({}, {})(['bold', 'green'], 'x')).toBe('x');
  });

  it('honours NO_COLOR and TERM=dumb', () => {
    expect(makeStyler({ isTTY: true }, { NO_COLOR: '1' })('red', 'x')).toBe('x');
    expect(makeStyler({ isTTY: true }, { TERM: 'dumb' })('red', 'x')).toBe('x');
  });

  it('has a plain styler that leaves text alone', () => {
    expect(plainStyler(['bold', 'red'], 'x')).toBe('x');
  });
});
