import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

describe('csvCell', () => {
  it('quotes fields holding quotes, commas and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('neutralises formulas hidden behind white space, line breaks, full-width signs, a BOM or an NBSP', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('  \t+cmd')).toBe("'  \t+cmd");
    expect(csvCell('\n=cmd')).toBe(`"'\n=cmd"`);
    expect(csvCell('\ncmd')).toBe(`"'\ncmd"`);
    expect(csvCell('＝HYPERLINK("x")')).toBe(`"'＝HYPERLINK(""x"")"`);
    expect(csvCell('＋1')).toBe("'＋1");
    expect(csvCell('－1')).toBe("'－1");
    expect(csvCell('＠SUM(A1)')).toBe("'＠SUM(A1)");
    expect(csvCell('\uFEFF=1')).toBe("'\uFEFF=1");
    expect(csvCell('\u00A0=1')).toBe("'\u00A0=1");
    // Signs later in the text, and plain text after white space, stay as they are.
    expect(csvCell(' fine = good')).toBe(' fine = good');
    expect(csvCell('A＝B')).toBe('A＝B');
  });

  it('writes numbers and booleans as they are and nothing for missing values', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('ends each record with CRLF', () => {
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });
});
