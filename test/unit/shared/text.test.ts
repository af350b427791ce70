// Each sink's neutralising function against link, command-URI, codicon and HTML syntax, checked
// the way the sink reads it: VS Code 1.100's own link and icon patterns, and a Markdown renderer.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  codeLensText,
  documentJsonLine,
  errorText,
  firstVisible,
  markdownCodeBlock,
  markdownLineText,
  markdownLinkTitle,
  markdownTableCellText,
  markdownText,
  notificationText,
  plainText,
  plainTooltipText,
  quickPickText,
  statusBarText,
  treeItemText,
  webviewText,
} from '../../../src/shared/text';
import { isWellFormed, loadMarkdown, renderMarkdown, SINK_SYNTAX, STRAY_INVISIBLE } from '../support/sinks';
import { cpuTimed } from '../../support/cpuTime';

/** How VS Code finds links in notifications, dialogs and input-box messages (base/common/linkedText.ts). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** How VS Code finds theme icons in labels (base/browser/ui/iconLabel/iconLabels.ts): an escaped one has the backslash. */
const VSCODE_ICON = /(\\)?\$\(([a-z0-9-]+(?:~[a-z]+)?)\)/gi;

/** Link, command-URI, icon, HTML and Markdown syntax, invisible characters (shared with the surface table). */
const HOSTILE = SINK_SYNTAX;

const unescapedIcons = (text: string) => [...text.matchAll(VSCODE_ICON)].filter((match) => match[1] === undefined).map((match) => match[0]);
const links = (text: string) => [...text.matchAll(VSCODE_LINK)].map((match) => match[0]);
const INVISIBLE = STRAY_INVISIBLE;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

describe('text for each sink', () => {
  before(loadMarkdown);

  test('a zero-width joiner or non-joiner between two visible characters is part of the text; elsewhere it goes', () => {
    const family = '👩\u200d👩\u200d👧';
    const persian = 'می\u200cخواهم';
    for (const sink of [plainText, notificationText, statusBarText, quickPickText, codeLensText, markdownLineText]) {
      assert.equal(sink(`Team ${family} ${persian}`), `Team ${family} ${persian}`, sink.name);
      assert.equal(sink('a\u200d b \u200cc d\u200d\u200de \u200d'), 'a b c d e', sink.name);
      assert.equal(sink('\u200d\u200c'), '', sink.name);
    }
    assert.equal(markdownText(`${family}\n\u200dx`), `${family}  \nx`);
    assert.equal(firstVisible('\u200d', 'b'), 'b');
  });

  test('plain text (tree items, titles): one visible line, cut to its length', () => {
    for (const text of HOSTILE) {
      const shown = plainText(text);
      assert.doesNotMatch(shown, INVISIBLE, JSON.stringify(shown));
      assert.ok(!shown.includes('\n'));
    }
    assert.equal(plainText('  a \n\t b  '), 'a b');
    assert.equal(plainText('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
    assert.equal(plainText('x'.repeat(1_000_000)).length, 200);
    assert.equal(treeItemText('[x](command:quit) $(alert) <b>'), '[x](command:quit) $(alert) <b>', 'tree labels show text as text: nothing to escape');
  });

  test('notifications, dialogs and input-box messages: no link VS Code would make live', () => {
    for (const text of HOSTILE) {
      const shown = notificationText(text);
      assert.deepEqual(links(shown), [], shown);
      assert.doesNotMatch(shown, INVISIBLE);
    }
    assert.equal(notificationText('No data [Click me](command:workbench.action.openSettings)'), 'No data [Click me] (command:workbench.action.openSettings)');
    assert.equal(links('[Click me](command:workbench.action.openSettings)').length, 1, 'the pattern finds a link when there is one');
  });

  test('status bar, quick picks and CodeLens titles: no icon VS Code would render', () => {
    for (const sink of [statusBarText, quickPickText, codeLensText]) {
      for (const text of HOSTILE) {
        const shown = sink(text);
        assert.deepEqual(unescapedIcons(shown), [], shown);
        assert.doesNotMatch(shown, INVISIBLE);
      }
    }
    assert.equal(statusBarText('Deploying $(sync~spin)'), 'Deploying \\$(sync~spin)');
    assert.deepEqual(unescapedIcons('Deploying $(sync~spin)'), ['$(sync~spin)'], 'the pattern finds an icon when there is one');
    assert.ok(statusBarText('x'.repeat(10_000)).length <= 100);
    assert.equal(codeLensText('workflow $(alert) Urgent'), 'workflow \\$(alert) Urgent');
    assert.ok(codeLensText('x'.repeat(10_000)).length <= 100);
  });

  test('a cut comes before the escape: a shortened text never ends in a backslash, and shows no escape of another sink', () => {
    // "Cancelling the run of "…"…": the title was escaped, then cut between the backslash and "$(".
    const title = `${'x'.repeat(58)}$(alert) Urgent`;
    for (const sink of [statusBarText, quickPickText, codeLensText]) {
      const shown = sink(title, 60);
      assert.equal(shown, `${'x'.repeat(58)}$…`, sink.name);
      assert.deepEqual(unescapedIcons(shown), []);
      assert.equal(sink(`${'x'.repeat(50)}$(alert)`, 60), `${'x'.repeat(50)}\\$(alert)`, `${sink.name}: escaped when whole`);
    }
    assert.equal(notificationText(`${'x'.repeat(58)}](command:x)`, 60), `${'x'.repeat(58)}]…`);
    assert.equal(markdownLineText(`${'x'.repeat(58)}**bold**`, 60), `${'x'.repeat(58)}\\*…`);
  });

  test('a plain-string tooltip (the status bar item’s) shows the text as written: nothing escaped', () => {
    assert.equal(plainTooltipText('$(alert) [x](command:workbench.action.quit) <b>b</b> **c**'), '$(alert) [x](command:workbench.action.quit) <b>b</b> **c**');
    assert.equal(plainTooltipText('a\n\u202Eb\u0007c'), 'a b c', 'one visible line');
    assert.equal(plainTooltipText('x'.repeat(500), 100).length, 100);
  });

  test('Markdown code blocks: the text stays inside, shown literally, clamped with a note', () => {
    const text = [
      '```',
      '~~~',
      '````` five',
      '</code></pre><img src=x onerror=alert(1)>',
      '[x](command:workbench.action.quit) $(alert)',
      '\u202Eevil\t\u200b',
    ].join('\n');
    const block = markdownCodeBlock(text, 'json', { maxLines: 20, maxLineLength: 100 });
    const html = renderMarkdown(block);
    assert.equal((html.match(/<pre>/g) ?? []).length, 1, html);
    assert.doesNotMatch(html.replace(/<pre><code class="language-json">[\s\S]*<\/code><\/pre>/, ''), /\S/, `nothing outside the block: ${html}`);
    assert.doesNotMatch(html, /<img|<a /);
    assert.ok(block.startsWith('``````json\n'), 'a fence longer than any run of backticks in the text');
    assert.match(block, /\\u202Eevil\\u0009\\u200B$/m, 'invisible and control characters as escapes');
    assert.equal(markdownCodeBlock('a\r\nb', 'json', { maxLines: 5, maxLineLength: 10 }), '```json\na\nb\n```');
    assert.equal(markdownCodeBlock('1\n2\n3\n4', 'json', { maxLines: 2, maxLineLength: 10 }), '```json\n1\n2\n```\n\nShown: the first 2 of 4 lines.');
    assert.equal(
      markdownCodeBlock(`${'🚀'.repeat(10)}\nshort\n${'y'.repeat(11)}`, 'json', { maxLines: 5, maxLineLength: 10 }),
      `\`\`\`json\n${'🚀'.repeat(4)}…\nshort\n${'y'.repeat(9)}…\n\`\`\`\n\nShown: 2 lines cut at 10 characters.`,
      'cut before escaping, never inside an emoji',
    );
    const huge = `${'z'.repeat(1_000_000)}\n`.repeat(20);
    const clamped = markdownCodeBlock(huge, 'json', { maxLines: 15, maxLineLength: 120 });
    assert.ok(clamped.length < 2500);
    assert.match(clamped, /Shown: the first 15 of 21 lines; 15 lines cut at 120 characters\.$/);
  });

  test('Markdown link titles: one line, quotes escaped, so the title cannot end early', () => {
    assert.equal(markdownLinkTitle('Open the run'), 'Open the run');
    assert.equal(markdownLinkTitle('Say "hi" \\ \nthere'), 'Say \\"hi\\" \\\\ there');
    const html = renderMarkdown(`[a](command:cargo.x "${markdownLinkTitle('") [b](command:workbench.action.quit "')}")`);
    assert.equal((html.match(/<a /g) ?? []).length, 1, html);
  });

  test('Markdown (tooltips, hovers): rendered, it is the literal text: no link, image, HTML or icon', async () => {
    const { marked } = await import('marked');
    for (const text of HOSTILE) {
      const source = markdownText(text);
      const html = await marked.parse(source);
      assert.doesNotMatch(html, /<(a|img|script|b|strong|em|code|h\d)\b/i, `${text} → ${html}`);
      assert.deepEqual(unescapedIcons(source), []);
      // What a reader sees is what Cargo sent (entities decoded, invisible characters and line ends aside).
      const seen = html
        .replace(/<\/?(p|br)\s*\/?>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim();
      assert.equal(seen, text.replace(INVISIBLE_ALL, ' ').replace(/\s+/g, ' ').trim());
    }
    assert.ok(markdownText('x'.repeat(5000)).length <= 1000);
  });

  test('Markdown table cells: one cell each, on one line, showing the literal text', async () => {
    const { marked } = await import('marked');
    const cells = [...HOSTILE, '| a | b |', 'a\\|b\\', 'row\n| new | row |'];
    const source = ['| Text | After |', '| --- | --- |', ...cells.map((text) => `| ${markdownTableCellText(text)} | end |`)].join('\n');
    const html = await marked.parse(source);
    assert.doesNotMatch(html, /<(a|img|script|b|strong|em|code|h\d)\b/i, html);
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + cells.length, 'no row added or lost');
    assert.equal((html.match(/<td>end<\/td>/g) ?? []).length, cells.length, 'no cell added or lost');
    for (const text of cells) assert.doesNotMatch(markdownTableCellText(text), /\n/);
    assert.ok(markdownTableCellText('x'.repeat(5000)).length <= 200);
  });

  test('a webview (the run panel): invisible and bidi characters fold as in the tree, lines stay, nothing is cut', () => {
    // U+202E before "evil" would make it read "live"; in the tree it is a space, and so it is here.
    assert.equal(webviewText('\u202Eevil'), ' evil');
    assert.equal(webviewText('\u202Egnp.exe\u202C invoice'), ' gnp.exe  invoice', 'each control a space, white space kept (the panel keeps it)');
    for (const text of HOSTILE) {
      const shown = webviewText(text);
      assert.doesNotMatch(shown.replace(/\n/g, ' '), INVISIBLE, JSON.stringify(shown));
      assert.equal(shown.split('\n').length, text.replace(/\r\n?/g, '\n').split('\n').length, `the lines of ${JSON.stringify(text)} stay`);
    }
    assert.equal(webviewText('Line one\r\nLine two\u0007\u001b[31mred'), 'Line one\nLine two [31mred');
    assert.equal(webviewText('a\n\n\u202e\nb'), 'a\n\n \nb', 'blank lines stay, a control on one a space');
    assert.equal(webviewText('Team 👩\u200d👧 می\u200cخواهم'), 'Team 👩\u200d👧 می\u200cخواهم', 'joiners inside a word or emoji stay');
    assert.equal(webviewText('[x](command:quit) $(alert) <b>'), '[x](command:quit) $(alert) <b>', 'shown as text: nothing to escape');
    const long = 'x'.repeat(1_000_000);
    assert.equal(webviewText(long), long, 'not cut: the webview clamps and offers the rest');
  });

  test('lines of JSON in a compared document: invisible, bidi and line-separator characters as \\u escapes, still the same JSON', () => {
    for (const text of HOSTILE) {
      const line = documentJsonLine(`key = ${JSON.stringify(text)}`);
      assert.doesNotMatch(line, STRAY_INVISIBLE, JSON.stringify(line));
      assert.doesNotMatch(line, /[\u2028\u2029]/);
      assert.equal(JSON.parse(line.slice('key = '.length)), text, 'the escapes are JSON’s: the value reads back the same');
    }
    assert.equal(documentJsonLine('"\u202Eevil"'), '"\\u202Eevil"');
    assert.equal(documentJsonLine('a = 1\nb = 2'), 'a = 1\nb = 2', 'lines stay');
    assert.equal(documentJsonLine('"Team 👩\u200d👧"'), '"Team 👩\u200d👧"', 'a joiner inside an emoji stays');
  });

  test('errorText: the message of an error or of anything thrown, as one line', () => {
    assert.equal(errorText(new Error('Cargo did not answer\nwithin 15 s')), 'Cargo did not answer within 15 s');
    assert.equal(errorText('plain string'), 'plain string');
    assert.equal(errorText(42), '42');
    assert.equal(errorText(undefined), 'undefined');
    assert.equal(errorText(new Error('x'.repeat(500)), 50).length, 50);
  });

  test('a cut never splits an emoji: no half of a surrogate pair is left', () => {
    const rockets = '🚀'.repeat(100);
    for (const sink of [plainText, notificationText, statusBarText, quickPickText, codeLensText, markdownText, markdownLineText]) {
      for (const max of [10, 11, 60, 61]) {
        const shown = sink(rockets, max);
        assert.ok(isWellFormed(shown), `${sink.name}(…, ${max}) → ${JSON.stringify(shown)}`);
        assert.ok(shown.endsWith('…'));
      }
    }
    assert.equal(plainText('a🚀b', 3), 'a…', 'one fewer character rather than half of one');
  });

  test('a sink reads only the start of a 1 MB text: its cost does not grow with the text', () => {
    const markup = '[x](command:workbench.action.quit) $(alert) <b>b</b> \u202E*_`\n'.repeat(25_000);
    for (const sink of [plainText, notificationText, statusBarText, quickPickText, codeLensText, markdownLineText]) {
      const ms =
        cpuTimed(() => {
          for (let i = 0; i < 20; i++) sink(markup);
        }).ms / 20;
      assert.ok(ms < 5, `${sink.name}: ${ms.toFixed(1)} ms of CPU for 1 MB`);
      assert.ok(sink(markup).endsWith('…'));
    }
    // What is read folds as before: white space runs, invisible characters.
    assert.equal(plainText(`${' '.repeat(500_000)}a`), '…', 'a text longer than what is read says so even when what was read folds to nothing');
    assert.equal(plainText(`a${' \u200b'.repeat(500_000)}b`, 10), 'a…');
  });

  test('firstVisible: the first text with something visible in it', () => {
    assert.equal(firstVisible('', ' \u200b\u202e\n', null, undefined, 'rec-1', 'x'), 'rec-1');
    assert.equal(firstVisible('Acme', 'rec-1'), 'Acme');
    assert.equal(firstVisible('', '  '), undefined);
    assert.equal(firstVisible('🚀'), '🚀');
  });

  test('markdownLineText: one line, so that bold and headings hold', async () => {
    const { marked } = await import('marked');
    const html = await marked.parse(`**${markdownLineText('Line one\n\nLine two **not bold**')}** after`);
    assert.equal((html.match(/<strong>/g) ?? []).length, 1, html);
    assert.doesNotMatch(html, /<p>[^]*<p>/, 'one paragraph');
  });
});
