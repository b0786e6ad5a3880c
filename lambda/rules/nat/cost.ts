import { HOURS_PER_MONTH, hourlyPrices, type AuditConfig } from '../../config/config';

/** `US$32.85`: the dollar sign alone is ambiguous across the currencies AWS bills in. */
export function formatMoney(amount: number, currency: string): string {
  const value = amount.toFixed(2);
  return currency === 'USD' ? `US$${value}` : `${currency} ${value}`;
}

/** `costs about US$32.85 a month` for a resource billed by the hour. */
export function monthlyCostText(hourly: number, config: AuditConfig): string {
  return `costs about ${formatMoney(hourly * HOURS_PER_MONTH, config.costs.currency)} a month`;
}

export function natGatewayMonthlyCost(config: AuditConfig, region: string): string {
  return monthlyCostText(hourlyPrices(config, region).natGateway, config);
}

export function publicIpv4MonthlyCost(config: AuditConfig, region: string): string {
  return monthlyCostText(hourlyPrices(config, region).publicIpv4, config);
}
