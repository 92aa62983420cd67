import { describe, expect, it } from 'vitest';
import { parseFlowText } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, fixtureText, readAll } from './fixtures';

describe('Zeek logs other than conn.log', () => {
  it.each([['zeek-other/http.log'], ['zeek-other/http.json.log']])(
    '%s is named, not read and not "unknown format"',
    async (file) => {
      const { result, records } = await readAll(fixtureBytes(file), { file });
      expect(records).toEqual([]);
      expect(result.kind).toBe('unknown');
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
        [
          'NP-FORMAT-UNSUPPORTED',
          'Zeek http.log: not a connection log (netpolish reads Zeek conn.log and dns.log)',
        ],
      ]);
    },
  );

  it('still reads conn.log, with or without `_path`', () => {
    expect(
      parseFlowText(fixtureText('zeek/zed-docs_conn-iso8601.ndjson'), 'a').records,
    ).toHaveLength(1);
    expect(parseFlowText(fixtureText('zeek/zeek-docs_conn.json.log'), 'b').records).toHaveLength(2);
  });

  it('names a Zeek JSON log without `_path` or conn fields', () => {
    const ssl =
      '{"ts":1.5,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":443,"server_name":"a.example"}';
    expect(parseFlowText(ssl, 'x').diagnostics[0]?.message).toBe(
      'A Zeek log other than conn.log: not a connection log (netpolish reads Zeek conn.log and dns.log)',
    );
  });
});
