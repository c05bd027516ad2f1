/** `/virt config lang <ja|en> [scope]`: the user's own language, or (admins) the server default. */
import type { CommandDecl } from '../command.js';
import { UserError } from '../errors.js';
import { t } from '../i18n.js';
import { privateText } from '../reply.js';

export const configLangCommand: CommandDecl = {
  name: 'config lang',
  description: { ja: '表示言語を設定する（自分用／サーバー既定）', en: 'Set the language (for you, or the server default)' },
  options: [
    {
      name: 'lang',
      type: 'string',
      description: { ja: '言語', en: 'Language' },
      required: true,
      choices: [
        { value: 'ja', label: { ja: '日本語', en: 'Japanese' } },
        { value: 'en', label: { ja: '英語', en: 'English' } },
      ],
    },
    {
      name: 'scope',
      type: 'string',
      description: { ja: 'me: 自分だけ（既定） / server: サーバー既定（管理者）', en: 'me: just you (default) / server: server default (admins)' },
      choices: [
        { value: 'me', label: { ja: '自分', en: 'me' } },
        { value: 'server', label: { ja: 'サーバー', en: 'server' } },
      ],
    },
  ],
  run({ incoming, services }, args) {
    const lang = args.lang === 'en' ? 'en' : 'ja';
    const now = services.clock.now().getTime();
    if (args.scope === 'server') {
      if (!incoming.isAdmin) {
        throw new UserError('forbidden', { ja: 'サーバー既定の言語は管理者だけが変更できます。', en: 'Only admins can change the server default language.' });
      }
      const { platform, workspaceId } = incoming.user;
      if (services.settings.workspaceSetting(platform, workspaceId, 'lang') === lang) {
        return privateText(t({ ja: 'サーバーの既定言語はすでに日本語です。', en: 'The server default language is already English.' }, lang));
      }
      services.settings.setWorkspaceSetting(platform, workspaceId, 'lang', lang);
      return privateText(t({ ja: 'サーバーの既定言語を日本語にしました。', en: 'The server default language is now English.' }, lang));
    }
    const ref = services.settings.ensureUser(incoming.user, now);
    if (services.settings.userSetting(ref, 'lang') === lang) return privateText(t({ ja: 'あなたの表示言語はすでに日本語です。', en: 'Your language is already English.' }, lang));
    services.settings.setUserSetting(ref, 'lang', lang);
    return privateText(t({ ja: 'あなたの表示言語を日本語にしました。', en: 'Your language is now English.' }, lang));
  },
};
