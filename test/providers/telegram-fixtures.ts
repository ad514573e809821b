// Telegram updates as the Bot API sends them, shaped after the documentation's objects
// (core.telegram.org/bots/api#update, #message, #user, #chat, #photosize, #document) and the
// field lists of grammyjs/types (update.ts, message.ts). Ids are of Telegram's sizes: user and
// private chat ids up to 52 bits, file ids long base64url strings.

export interface Sender {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export const IVAN: Sender = {
  id: 4_815_162_342,
  first_name: 'Иван',
  last_name: 'Петров',
  username: 'ivan_p',
  language_code: 'ru',
};

let messageId = 1;

function message(from: Sender, extra: Record<string, unknown>) {
  return {
    message_id: messageId++,
    from: { is_bot: false, ...from },
    chat: {
      id: from.id,
      first_name: from.first_name,
      ...(from.last_name && { last_name: from.last_name }),
      ...(from.username && { username: from.username }),
      type: 'private',
    },
    date: 1_736_165_000,
    ...extra,
  };
}

/** A text message. */
export function textUpdate(updateId: number, from: Sender, text: string) {
  return { update_id: updateId, message: message(from, { text }) };
}

/** A photo, as Telegram sends it: the same picture in several sizes, smallest first. */
export function photoUpdate(
  updateId: number,
  from: Sender,
  fileIds: { small: string; large: string },
  caption?: string,
) {
  return {
    update_id: updateId,
    message: message(from, {
      photo: [
        { file_id: fileIds.small, file_unique_id: 'AQADs1', file_size: 1_200, width: 90, height: 68 },
        { file_id: fileIds.large, file_unique_id: 'AQADl1', file_size: 52_000, width: 1280, height: 960 },
      ],
      ...(caption && { caption }),
    }),
  };
}

/** An update of a kind the desk does not take: a message edited after it was sent. */
export function editedUpdate(updateId: number, from: Sender, text: string) {
  return { update_id: updateId, edited_message: { ...message(from, { text }), edit_date: 1_736_165_100 } };
}
