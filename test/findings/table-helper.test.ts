import fc from 'fast-check';
import { columnWidths, tableLines, textTable, wrapText } from '../../lambda/findings/text-table';

describe('textTable', () => {
  it('lays out the bench tables: labels left, figures right, a rule under the header', () => {
    const rows = [
      ['', 'wall', 'cpu'],
      ['975b1e7', '5950 ms', '7708 ms'],
      ['change', '-10%', '-8%'],
    ];
    expect(textTable(rows, { align: ['left', 'right', 'right'], rule: true })).toBe(
      [
        '            wall      cpu',
        '-------  -------  -------',
        '975b1e7  5950 ms  7708 ms',
        'change      -10%      -8%',
      ].join('\n'),
    );
  });

  it('rules off a total as well as the header when asked', () => {
    const rows = [
      ['API', 'calls'],
      ['DescribeVpcs', '3'],
      ['DescribeSubnets', '12'],
      ['total', '15'],
    ];
    expect(tableLines(rows, { align: ['left', 'right'], rule: true, ruleAboveLast: true })).toEqual([
      'API              calls',
      '---------------  -----',
      'DescribeVpcs         3',
      'DescribeSubnets     12',
      '---------------  -----',
      'total               15',
    ]);
    // Without the option, and for a table of one row, no second rule.
    expect(tableLines(rows, { rule: true }).filter((l) => l.startsWith('-'))).toHaveLength(1);
    expect(tableLines([['API']], { rule: true, ruleAboveLast: true })).toEqual(['API', '---']);
  });

  it('wraps the last column under itself and leaves no trailing spaces', () => {
    const lines = tableLines(
      [
        ['ID', 'TEXT'],
        ['a', 'one two three four five six'],
      ],
      { width: 13, minLastWidth: 1, indent: '  ' },
    );
    expect(lines).toEqual([
      '  ID  TEXT',
      '  a   one two',
      '      three',
      '      four',
      '      five',
      '      six',
    ]);
  });

  it('colours padded cells without letting the codes change the widths', () => {
    const rows = [
      ['A', 'B'],
      ['long-cell', 'x'],
    ];
    const coloured = textTable(rows, { style: (c, _r, text) => (c === 0 ? `<${text}>` : text) });
    expect(coloured).toBe('<A        >  B\n<long-cell>  x');
  });

  it('measures the widest cell of each column, from a minimum', () => {
    expect(
      columnWidths(
        [
          ['ab', 'c'],
          ['a', 'cdef'],
        ],
        [3],
      ),
    ).toEqual([3, 4]);
  });
});

describe('wrapText', () => {
  it('keeps every word, in order, on lines no wider than asked', () => {
    const word = fc.stringMatching(/^[a-z0-9:./-]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.integer({ min: 1, max: 80 }), (words, width) => {
        const lines = wrapText(words.join(' '), width);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        // Words longer than a line are cut, never dropped: the characters survive in order.
        expect(lines.join('').replaceAll(' ', '')).toBe(words.join(''));
        // A word that fits a line is never cut.
        for (const w of words.filter((w) => w.length <= width)) {
          expect(lines.some((l) => l.split(' ').includes(w))).toBe(true);
        }
      }),
    );
  });
});
