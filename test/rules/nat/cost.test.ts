import fc from 'fast-check';
import { defaultConfig } from '../../../lambda/config/config';
import { formatMoney, monthlyCostText } from '../../../lambda/rules/nat/cost';

describe('monthly cost wording', () => {
  it('states the default NAT gateway and public IPv4 prices per month', () => {
    const config = defaultConfig();
    expect(monthlyCostText(0.045, config)).toBe('costs about US$32.85 a month');
    expect(monthlyCostText(0.005, config)).toBe('costs about US$3.65 a month');
  });

  it('names other currencies by code', () => {
    expect(formatMoney(3.1, 'CNY')).toBe('CNY 3.10');
  });

  it('always prints two decimals that round the true monthly amount', () => {
    const config = defaultConfig();
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), (hourly) => {
        const match = /^costs about US\$(\d+\.\d{2}) a month$/.exec(monthlyCostText(hourly, config));
        expect(match).not.toBeNull();
        expect(Math.abs(Number(match![1]) - hourly * 730)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});
