import { WORKSHOP_FORMATS } from '../../../src/domain/workshops';
import { WORKSHOP_FORMAT_NAMES, workshopFormatName } from '../../../src/domain/workshop-formats';

describe('workshop format names', () => {
  it('name every format in French and in English', () => {
    expect(Object.keys(WORKSHOP_FORMAT_NAMES).sort()).toEqual([...WORKSHOP_FORMATS].sort());
    for (const format of WORKSHOP_FORMATS) {
      expect(workshopFormatName(format, 'fr')).not.toBe('');
      expect(workshopFormatName(format, 'en')).not.toBe('');
    }
  });

  it('say what agents read in the bot and the tab', () => {
    expect(workshopFormatName('conference', 'fr')).toBe('Conférence');
    expect(workshopFormatName('conference', 'en')).toBe('Talk');
    expect(workshopFormatName('autre', 'fr')).toBe('Animation');
    expect(workshopFormatName('autre', 'en')).toBe('Event');
  });
});
