import fc from 'fast-check';
import { formatCsv, parseCsv } from '../../../src/domain/csv';

const fieldsOf = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv', () => {
  it('reads a comma-separated file, each record with its 1-based line', () => {
    const { records, problems } = parseCsv('jour,thème\n1,messagerie\n2,visio');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['jour', 'thème'] },
      { line: 2, fields: ['1', 'messagerie'] },
      { line: 3, fields: ['2', 'visio'] },
    ]);
  });

  it('reads a semicolon-separated file (French spreadsheets), leaving commas inside fields alone', () => {
    expect(fieldsOf('jour;texte;réponse\n1;Oui, bien sûr;a,c\n')).toEqual([
      ['jour', 'texte', 'réponse'],
      ['1', 'Oui, bien sûr', 'a,c'],
    ]);
  });

  it('takes the separator the header uses most', () => {
    expect(fieldsOf('a;b;c,d\n1;2;3,4')).toEqual([
      ['a', 'b', 'c,d'],
      ['1', '2', '3,4'],
    ]);
    expect(fieldsOf('a,b,c;d\n1,2,3;4')).toEqual([
      ['a', 'b', 'c;d'],
      ['1', '2', '3;4'],
    ]);
  });

  it('keeps separators inside quoted fields', () => {
    expect(fieldsOf('a,b\n"Lyon, Paris",x')).toEqual([
      ['a', 'b'],
      ['Lyon, Paris', 'x'],
    ]);
    expect(fieldsOf('a;b\n"a;c";x')).toEqual([
      ['a', 'b'],
      ['a;c', 'x'],
    ]);
  });

  it('turns doubled quotes into one quote', () => {
    expect(fieldsOf('a,b\n"Le ""cloud"", c\'est loin",x\n""""," "')).toEqual([
      ['a', 'b'],
      ['Le "cloud", c\'est loin', 'x'],
      ['"', ' '],
    ]);
  });

  it('keeps line breaks inside quoted fields, and gives a record the line it starts on', () => {
    const text =
      'id,explication\nq1,"première ligne\ndeuxième ligne\ntroisième ligne"\nq2,courte\n';
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ['id', 'explication'] },
      { line: 2, fields: ['q1', 'première ligne\ndeuxième ligne\ntroisième ligne'] },
      { line: 5, fields: ['q2', 'courte'] },
    ]);
  });

  it('reads CRLF line ends without leaving \\r in the fields', () => {
    const { records, problems } = parseCsv('a,b\r\n1,2\r\n3,"x\r\ny"\r\n4,5\r\n');
    expect(problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    expect(records[1]!.fields).toEqual(['1', '2']);
    expect(records[2]!.fields[0]).toBe('3');
    expect(records[2]!.fields[1]).toMatch(/^x\r?\ny$/);
    expect(records[3]!.fields).toEqual(['4', '5']);
  });

  it('ignores a byte-order mark', () => {
    expect(parseCsv('\uFEFFjour;thème\n1;visio').records).toEqual([
      { line: 1, fields: ['jour', 'thème'] },
      { line: 2, fields: ['1', 'visio'] },
    ]);
  });

  it('makes no empty record of a trailing newline, and skips blank lines while counting them', () => {
    expect(parseCsv('a,b\n1,2\n').records).toHaveLength(2);
    expect(parseCsv('a,b\n\n1,2\n\n').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('keeps empty fields, including a last one', () => {
    expect(fieldsOf('a,b,c\n1,,3\n,,\n4,5,')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
      ['4', '5', ''],
    ]);
  });

  it('reads nothing from an empty file', () => {
    expect(parseCsv('')).toEqual({ records: [], problems: [] });
    expect(parseCsv('\uFEFF')).toEqual({ records: [], problems: [] });
  });

  it('reports a quoted field that is never closed, on the line its record starts', () => {
    const { records, problems } = parseCsv('a,b\n1,2\n3,"pas fermé\nsuite\n4,5\n');
    expect(problems).toEqual([{ line: 3, message: expect.stringContaining('never closed') }]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('reports an unclosed quote after a multi-line field with the shifted line', () => {
    const { problems } = parseCsv('a,b\n"x\ny",1\n2,"oops');
    expect(problems).toEqual([{ line: 4, message: expect.any(String) }]);
  });

  it('property: quoting any fields then parsing gives them back, with the right lines', () => {
    const char = fc.constantFrom('a', 'é', ' ', ',', ';', '"', '\n', '’', '1');
    const field = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
    const row = fc.tuple(field, field, field);
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, trailing) => {
          const quote = (f: string) => `"${f.replace(/"/g, '""').replace(/\n/g, eol)}"`;
          const lines = ['x,y,z', ...rows.map((r) => r.map(quote).join(','))];
          const text = lines.join(eol) + (trailing ? eol : '');
          const { records, problems } = parseCsv(text);
          let line = 1;
          const expected = [{ line: 1, fields: ['x', 'y', 'z'] }];
          for (const r of rows) {
            line += 1;
            expected.push({ line, fields: r });
            line += r.join('').split('\n').length - 1;
          }
          const normalised = records.map((rec) => ({
            line: rec.line,
            fields: rec.fields.map((f) => f.replace(/\r\n/g, '\n')),
          }));
          expect(problems).toEqual([]);
          expect(normalised).toEqual(expected);
        },
      ),
    );
  });
});

describe('formatCsv', () => {
  it('writes semicolons, CRLF and a BOM, quoting only what needs it, and reads back the same', () => {
    const rows = [
      ['nom', 'direction', 'pointé à'],
      ['Aïcha Benali', 'Direction « numérique ; sobre »', '2026-11-24 14:05'],
      ['Bruno "Bob" Lefèvre', 'DRH\nsite nord', 3],
    ];
    const text = formatCsv(rows);
    expect(text.startsWith('\uFEFFnom;direction;pointé à\r\n')).toBe(true);
    expect(parseCsv(text).records.map((r) => r.fields)).toEqual(rows.map((row) => row.map(String)));
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(formatCsv([['=HYPERLINK("x")', '+33', '-1', '@SUM(A1)', 'ok']])).toBe(
      '\uFEFF"\'=HYPERLINK(""x"")";\'+33;\'-1;\'@SUM(A1);ok\r\n',
    );
  });
});
