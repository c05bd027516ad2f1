import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { explainStartupError } from '../../src/startup.js';

describe('config', () => {
  it('defaults with an empty environment: console on data/virtbot.db, Japanese, Asia/Tokyo', () => {
    const c = loadConfig({});
    expect(c.VIRTBOT_DB).toBe('data/virtbot.db');
    expect(c.VIRTBOT_LANG).toBe('ja');
    expect(c.VIRTBOT_TZ).toBe('Asia/Tokyo');
    expect(c.SLACK_PORT).toBe(3000);
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('VIRTBOT_TZ follows the zone rule of daily set: region zones canonicalised, abbreviations and fixed offsets refused', () => {
    expect(loadConfig({ VIRTBOT_TZ: 'asia/kolkata' }).VIRTBOT_TZ).toBe('Asia/Kolkata');
    expect(loadConfig({ VIRTBOT_TZ: 'Etc/UTC' }).VIRTBOT_TZ).toBe('UTC');
    const problem = (tz: string) => {
      try {
        loadConfig({ VIRTBOT_TZ: tz });
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
      return 'accepted';
    };
    expect(problem('Etc/GMT-9')).toMatch(/^VIRTBOT_TZ: .*fixed offset \(UTC\+09:00\).*Asia\/Tokyo/);
    expect(problem('EST')).toMatch(/^VIRTBOT_TZ: .*abbreviation.*America\/New_York/);
    expect(problem('JST')).toMatch(/^VIRTBOT_TZ: .*Asia\/Tokyo/);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ VIRTBOT_TZ: 'Mars/Olympus', VIRTBOT_LANG: 'fr', DISCORD_TOKEN: 'abc', SLACK_PORT: 'x', SLACK_BOT_TOKEN: 'xapp-1-A1-x', SLACK_SIGNING_SECRET: 's' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const text = (e as ConfigError).problems.join('\n');
      for (const v of ['VIRTBOT_TZ', 'VIRTBOT_LANG', 'DISCORD_APPLICATION_ID', 'SLACK_PORT', 'SLACK_BOT_TOKEN']) expect(text).toContain(v);
      expect(explainStartupError(e)).toMatch(/^virtbot: fix the environment: /);
    }
  });

  it('a folder as VIRTBOT_DB and a port that is not a number are named with the value read (never a token)', () => {
    try {
      loadConfig({ VIRTBOT_DB: tmpdir(), VIRTBOT_HEALTH_PORT: 'abc', VIRTBOT_LANG: 'fr', DISCORD_TOKEN: 'Bot secret-value', DISCORD_APPLICATION_ID: '1' });
      expect.unreachable();
    } catch (e) {
      const problems = (e as ConfigError).problems;
      expect(problems).toContain(`VIRTBOT_DB: is a folder: give the path of the database file inside it, e.g. data/virtbot.db (got ${JSON.stringify(tmpdir())})`);
      expect(problems).toContain('VIRTBOT_HEALTH_PORT: must be a port number from 0 to 65535 (got "abc")');
      expect(problems.join('\n')).toMatch(/VIRTBOT_LANG: .* \(got "fr"\)/);
      expect(problems.join('\n')).not.toContain('secret-value');
    }
  });

  it('Slack over HTTP needs the signing secret; Socket Mode needs the app token only', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
    expect(loadConfig({ SLACK_ADMIN_USERS: 'U1, U2,' }).SLACK_ADMIN_USERS).toEqual(['U1', 'U2']);
  });

  it('accepts the placeholder values tests and proxies use (DISCORD_TOKEN=x, SLACK_BOT_TOKEN=x)', () => {
    const c = loadConfig({ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: 'y', SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'y' });
    expect(c.DISCORD_APPLICATION_ID).toBe('y');
    expect(() => loadConfig({ DISCORD_TOKEN: 'Bot abc.def', DISCORD_APPLICATION_ID: '1' })).toThrow(/no "Bot " prefix/);
  });

  it('VIRTBOT_LANG is taken in any case and kept in lower case; another language is refused', () => {
    expect(loadConfig({ VIRTBOT_LANG: 'EN' }).VIRTBOT_LANG).toBe('en');
    expect(loadConfig({ VIRTBOT_LANG: 'Ja' }).VIRTBOT_LANG).toBe('ja');
    expect(loadConfig({ VIRTBOT_LANG: ' en ' }).VIRTBOT_LANG).toBe('en');
    expect(() => loadConfig({ VIRTBOT_LANG: 'FR' })).toThrow(/VIRTBOT_LANG: .*\(got "FR"\)/);
  });

  it('a bad LOG_LEVEL lists the levels in plain words (not zod\'s "Invalid option")', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', VIRTBOT_LANG: '' }).VIRTBOT_LANG).toBe('ja');
  });
});
