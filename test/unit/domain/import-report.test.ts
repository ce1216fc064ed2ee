import { importError, jsonSyntaxProblem } from '../../../src/domain/import-report';

describe('importError', () => {
  it('is an invalid_import error that lists every problem with its line, and counts them', () => {
    const error = importError([
      { line: 2, message: 'title is missing' },
      { line: 5, message: 'no place' },
    ]);
    expect(error.code).toBe('invalid_import');
    expect(error.message).toBe(
      'the file has 2 problem(s):\nline 2: title is missing\nline 5: no place',
    );
    expect(error.details).toEqual({
      problems: 'line 2: title is missing\nline 5: no place',
      count: 2,
    });
  });
});

describe('jsonSyntaxProblem', () => {
  it('puts a JSON syntax error on the line its position points to', () => {
    const text = '{\n  "days": [\n    {,}\n  ]\n}';
    let thrown: unknown;
    try {
      JSON.parse(text);
    } catch (error) {
      thrown = error;
    }
    expect(jsonSyntaxProblem(thrown, text)).toEqual({
      line: 3,
      message: expect.stringMatching(/^not valid JSON \(/),
    });
  });

  it('says line 1 when the error gives no position', () => {
    expect(jsonSyntaxProblem(new SyntaxError('Unexpected end of JSON input'), '')).toEqual({
      line: 1,
      message: 'not valid JSON (Unexpected end of JSON input)',
    });
  });
});
