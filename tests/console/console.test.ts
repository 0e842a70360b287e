import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { PLAIN_PALETTE, renderMarkdown } from '../../src/console/render.js';
import { ConsoleInputError, parseConsoleLine, runConsole } from '../../src/console/session.js';
import type { Language } from '../../src/i18n.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { collectingLogger, contextFor, realEngine } from '../support/fakes.js';
import { runScript } from '../support/processes.js';

const DATA = path.resolve(import.meta.dirname, '../../data');

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

describe('parseConsoleLine', () => {
  it.each([
    ['/convention transports', 'convention', { sujet: 'transports' }, undefined],
    [
      'convention sujet:transports en commun prive:oui',
      'convention',
      { sujet: 'transports en commun', prive: true },
      undefined,
    ],
    ['/ministry topic:jobs private:no', 'ministere', { sujet: 'jobs', prive: false }, 'en'],
    [
      '/ministere qui s’occupe de la police ?',
      'ministere',
      { sujet: 'qui s’occupe de la police ?' },
      undefined,
    ],
    ['/conventions', 'conventions', {}, undefined],
    ['/help', 'aide', {}, 'en'],
    // The command is spelled alike in both languages; the option's name says English.
    ['/convention topic:young people', 'convention', { sujet: 'young people' }, 'en'],
  ])('reads %j', (line, name, options, language) => {
    const parsed = parseConsoleLine(line, commands);
    expect(parsed.command.data.name).toBe(name);
    expect(Object.fromEntries(parsed.options)).toEqual(options);
    expect(parsed.language).toBe(language);
    expect(parsed.autocomplete).toBe(false);
  });

  it('reads a trailing "??" as a request for suggestions', () => {
    const parsed = parseConsoleLine('/convention transp??', commands);
    expect(parsed.autocomplete).toBe(true);
    expect(parsed.options.get('sujet')).toBe('transp');
  });

  it.each<[string, Language, RegExp]>([
    ['/pizza', 'fr', /^Commande inconnue « \/pizza »\. Commandes : \/convention, /u],
    ['/convention', 'fr', /^\/convention attend un sujet, par exemple : \/convention sujet:transports$/u],
    ['/convention bus prive:peut-être', 'fr', /^prive attend oui ou non, pas « peut-être »\.$/u],
    ['/conventions texte en trop', 'fr', /^\/conventions ne prend pas de texte\.$/u],
    ['/pizza', 'en', /^Unknown command “\/pizza”\. Commands: \/convention, .*\/quit\.$/u],
    ['/convention', 'en', /^\/convention needs a topic, for example: \/convention topic:public transport$/u],
    ['/ministry topic:bus private:maybe', 'fr', /^private takes yes or no, not “maybe”\.$/u],
    ['/agreements extra text', 'fr', /^\/agreements takes no text\.$/u],
  ])(
    'explains what is wrong with %j, in the session’s language (%s) or the line’s',
    (line, language, message) => {
      expect(() => parseConsoleLine(line, commands, language)).toThrow(ConsoleInputError);
      expect(() => parseConsoleLine(line, commands, language)).toThrow(message);
    },
  );
});

describe('renderMarkdown', () => {
  it('shows links as text and URL, and removes escapes', () => {
    expect(renderMarkdown('**gras** [lien](https://example.org) 10 \\% \\*', PLAIN_PALETTE)).toBe(
      'gras lien (https://example.org) 10 \\% *',
    );
  });
});

async function runLines(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const { logger } = collectingLogger();
  const done = runConsole({
    input,
    output,
    palette: PLAIN_PALETTE,
    context: contextFor(engine, logger, commands),
    commands,
    interactive: false,
  });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return text;
}

describe('runConsole', () => {
  it('answers each command with the reply the bot would send', async () => {
    const text = await runLines(['/convention transports', '/ministere police', '/conventions', '/aide']);
    expect(text).toContain('> /convention transports');
    expect(text).toContain('Ville × Transports');
    expect(text).toContain('1. Ministère de l’Intérieur');
    expect(text).toContain('Emploi · Service public de l’emploi');
    expect(text).toContain('/ministere sujet:police');
  });

  it('shows private answers as such, and the suggestions', async () => {
    const text = await runLines(['/convention xqzvbn', '/convention radical??']);
    expect(text).toContain('(visible par vous seul)');
    expect(text).toContain('Aucune convention trouvée');
    expect(text).toMatch(/1\. .*radicalisation/iu);
  });

  it('switches to English and stops at /quitter', async () => {
    const text = await runLines(['/langue en', '/convention bus', '/quitter', '/convention emploi']);
    expect(text).toContain('Signed on');
    expect(text).not.toContain('> /convention emploi');
  });

  it('uses buttons and menu entries by their number', async () => {
    const text = await runLines(['/convention 2017', '2', '5', '/conventions', '42', '4']);
    expect(text).toContain('[2] ▶️ Suivant');
    expect(text).toContain('Résultat 2 sur 4');
    expect(text).toContain('Résultat 3 sur 4');
    expect(text).toMatch(/> 4\n\(visible par vous seul\)\n\n┃ Ville × Culture/u);
    expect(text).toContain('Pas de bouton numéro 42 sur le dernier message.');
  });

  it('runs the command with a suggestion chosen by its number, not an older message’s button', async () => {
    const text = await runLines(['/convention 2017', '/convention radical??', '1']);
    expect(text).toContain('   1. radicalisation');
    const answer = text.slice(text.lastIndexOf('> 1\n'));
    expect(answer).toContain('« radicalisation »');
    expect(answer).not.toContain('« 2017 »');
  });

  it('forgets the controls of a message once a message without controls is shown', async () => {
    const text = await runLines(['/convention 2017', '/aide', '2', '/langue en', '/help', '2']);
    expect(text).toContain('[2] ▶️ Suivant');
    expect(text).not.toContain('Résultat 2 sur 4');
    expect(text).toContain('> 2\nLe dernier message n’a ni bouton ni menu.');
    expect(text).toContain('> 2\nThe last message has no buttons or menu.');
  });

  it('shares a private answer from the console', async () => {
    const text = await runLines(['/convention emploi prive:oui', '5']);
    expect(text).toContain('[5] 📣 Partager dans le salon');
    expect(text).toContain('Partagé par @console');
  });

  it('explains a mistyped line and goes on', async () => {
    const text = await runLines(['/pizza', '/conventions']);
    expect(text).toContain('Commande inconnue');
    expect(text).toContain('Intérieur');
  });
});

describe('npm start without a token', () => {
  it('reads commands from a pipe, answers them and exits 0', async () => {
    const { code, stdout, stderr } = await runScript('src/main.ts', [], {
      env: { DISCORD_TOKEN: '' },
      input: '/convention transports\n',
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('console locale');
    // Says how to go from here to Discord, as the interactive banner does.
    expect(stderr).toContain('DISCORD_TOKEN dans .env');
    expect(stdout).toContain('Ville × Transports');
  }, 20_000);

  it('reloads the data from DATA_PATH with /recharger, as the bot does', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'conventions-console-'));
    try {
      const dataset = JSON.parse(await readFile(path.join(DATA, 'conventions.json'), 'utf8')) as {
        conventions: Array<{ id: string }>;
      };
      await copyFile(path.join(DATA, 'synonyms.json'), path.join(directory, 'synonyms.json'));
      await writeFile(path.join(directory, 'conventions.json'), JSON.stringify(dataset));
      const { code, stdout, stderr } = await runScript('src/main.ts', [], {
        env: { DISCORD_TOKEN: '', DATA_PATH: directory },
        input: '/recharger\n/reload\n',
      });
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('Données rechargées');
      expect(stdout).toContain('Aucun changement : les données sont identiques.');
      expect(stdout).toContain('Data reloaded');
      expect(stdout).not.toMatch(/erreur|error/iu);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 20_000);
});
