// The titles of the run panels' tabs: the record and the status; two panels of runs of the same record
// told apart by when each run started, and by the run's short id when that is the same too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { panelTitle, panelTitles, type TitleFacts } from '../../../src/runPanel/panelTitles';

const NOW = Date.parse('2026-11-22T15:00:00Z');
const uuid = (digit: string) => `${digit.repeat(8)}-1b2c-4d5e-8f90-a1b2c3d4e5f6`;
const at = (iso: string) => new Date(Date.parse(iso)).toLocaleTimeString();

describe('run panel titles', () => {
  test('a panel alone: the record and the status, as before', () => {
    const facts: TitleFacts = { runUuid: uuid('1'), recordTitle: 'Acme Corp', status: 'error', createdAt: '2026-11-22T14:05:31Z' };
    assert.deepEqual(panelTitles([facts], NOW), ['Acme Corp · error']);
    assert.equal(panelTitle('Acme Corp', 'error', uuid('1')), 'Acme Corp · error');
    assert.equal(panelTitle(' \u202e ', undefined, uuid('1')), 'Run 11111111', 'no visible title: the run');
  });

  test('two runs of one record (a re-run): told apart by when each started; other panels keep their titles', () => {
    const panels: TitleFacts[] = [
      { runUuid: uuid('1'), recordTitle: 'Acme Corp', status: 'success', createdAt: '2026-11-22T14:05:31Z' },
      { runUuid: uuid('2'), recordTitle: 'Globex', status: 'running', createdAt: '2026-11-22T14:06:00Z' },
      { runUuid: uuid('3'), recordTitle: 'Acme Corp', status: 'success', createdAt: '2026-11-22T14:07:02Z' },
    ];
    assert.deepEqual(panelTitles(panels, NOW), [
      `Acme Corp · ${at('2026-11-22T14:05:31Z')} · success`,
      'Globex · running',
      `Acme Corp · ${at('2026-11-22T14:07:02Z')} · success`,
    ]);
  });

  test('started the same second: the short run id too; started another day: the day too', () => {
    const sameSecond = [
      { runUuid: uuid('1'), recordTitle: 'Acme Corp', status: 'success', createdAt: '2026-11-22T14:05:31.100Z' },
      { runUuid: uuid('2'), recordTitle: 'Acme Corp', status: 'success', createdAt: '2026-11-22T14:05:31.900Z' },
    ];
    const titles = panelTitles(sameSecond, NOW);
    assert.notEqual(titles[0], titles[1]);
    assert.match(titles[0] ?? '', /run 11111111 · success$/);
    const otherDay = panelTitles(
      [
        { runUuid: uuid('1'), recordTitle: 'Acme Corp', createdAt: '2026-11-03T14:05:31Z' },
        { runUuid: uuid('2'), recordTitle: 'Acme Corp', createdAt: '2026-11-22T14:05:31Z' },
      ],
      NOW,
    );
    assert.notEqual(otherDay[0], otherDay[1]);
    assert.ok((otherDay[0] ?? '').length > (otherDay[1] ?? '').length, `the day is said when it is not today: ${otherDay.join(' | ')}`);
  });

  test('titles are plain text on one line, whatever the record title holds', () => {
    const hostile = 'Acme\u202e\n[x](command:quit) $(alert)';
    const titles = panelTitles(
      [
        { runUuid: uuid('1'), recordTitle: hostile, status: 'error', createdAt: '2026-11-22T14:05:31Z' },
        { runUuid: uuid('2'), recordTitle: hostile, status: 'error', createdAt: '2026-11-22T14:06:31Z' },
      ],
      NOW,
    );
    for (const title of titles) assert.doesNotMatch(title, /[\n\u202e]/);
    assert.notEqual(titles[0], titles[1]);
  });
});
