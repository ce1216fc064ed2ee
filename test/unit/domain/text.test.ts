import { compareFrench, foldText } from '../../../src/domain/text';

describe('compareFrench', () => {
  it('sorts as a French reader does: accents and case aside, then letters', () => {
    expect(['Zoom', 'écran', 'Atelier', 'Écologie'].sort(compareFrench)).toEqual([
      'Atelier',
      'Écologie',
      'écran',
      'Zoom',
    ]);
    expect(compareFrench('Équipe', 'equipe')).toBe(0);
    expect(compareFrench('Aïcha', 'Bruno')).toBeLessThan(0);
  });
});

describe('foldText', () => {
  it('keeps what compareFrench ignores out of names too', () => {
    expect(foldText('  Les   Économes ')).toBe('les economes');
  });
});
