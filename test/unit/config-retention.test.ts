import { ConfigError, loadConfig } from '../../src/config';

describe('RETENTION_MONTHS', () => {
  it('keeps personal data 6 months after the challenge by default', () => {
    expect(loadConfig({}).retentionMonths).toBe(6);
  });

  it('takes a whole number of months from 0 to 120', () => {
    expect(loadConfig({ RETENTION_MONTHS: '0' }).retentionMonths).toBe(0);
    expect(loadConfig({ RETENTION_MONTHS: '12' }).retentionMonths).toBe(12);
    expect(loadConfig({ RETENTION_MONTHS: '120' }).retentionMonths).toBe(120);
  });

  it.each(['-1', '121', '6.5', 'six', '6 mois'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ RETENTION_MONTHS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_MONTHS: value })).toThrow(
      /RETENTION_MONTHS must be an integer from 0 to 120/,
    );
  });
});
