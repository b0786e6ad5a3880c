import { table } from '../../bench/table';

describe('table', () => {
  it('left-aligns the labels, right-aligns the figures and rules off the header', () => {
    expect(
      table([
        ['', 'wall', 'cpu'],
        ['975b1e7', '5950 ms', '7708 ms'],
        ['change', '-10%', '-8%'],
      ]),
    ).toBe(
      [
        '            wall      cpu',
        '-------  -------  -------',
        '975b1e7  5950 ms  7708 ms',
        'change      -10%      -8%',
      ].join('\n'),
    );
  });
});
