import { join } from 'node:path';
import { runTs } from '../../support/processes';
import { SCORING_FIXTURES_DIR, scoringFixtures } from '../../support/fixtures';

describe('npm run cli -- ranking <snapshot.json>', () => {
  const fixtures = scoringFixtures();

  it('prints exactly the expected ranking of a golden case and exits 0', async () => {
    const fixture = fixtures.find((f) => f.file.startsWith('01-'))!;
    const result = await runTs('src/cli.ts', ['ranking', join(SCORING_FIXTURES_DIR, fixture.file)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(fixture.expected);
  });

  for (const fixture of fixtures.filter((f) => f.error)) {
    it(`${fixture.file}: exits 1 with one clear error naming "${fixture.error!.mentions}"`, async () => {
      const result = await runTs('src/cli.ts', [
        'ranking',
        join(SCORING_FIXTURES_DIR, fixture.file),
      ]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(fixture.error!.mentions);
      expect(
        result.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('Error')),
      ).toHaveLength(1);
    });
  }

  it('explains a missing file without a stack trace', async () => {
    const result = await runTs('src/cli.ts', ['ranking', '/nonexistent.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read /nonexistent.json');
    expect(result.stderr).not.toContain('    at ');
  });
});
