import type { FeedChange, Vocabulary } from '../feed-entry.ts';
import type { Action } from '../../replies/reply.ts';
import { watchDemoBanner } from './banner.ts';
import { CommandBox } from './command-box.ts';
import { byId, el } from './dom.ts';
import { FeedView } from './feed-view.ts';
import { RequestError, server } from './server.ts';

const examples = ['/botwatch summary', '/botwatch handoff support-bot 30d by:day', '/botwatch funnel leadgen-bot 7d', '/botwatch channels bookings-bot', '/botwatch compare support-bot@3.2.0 vs support-bot@3.3.0 30d', '/botwatch help'];

let vocabulary: Vocabulary = { commands: [], subcommands: {}, metrics: [], bots: [], windows: [], groupings: [], filters: [] };
const refreshVocabulary = () =>
  server.vocabulary().then(
    (v) => (vocabulary = v),
    () => undefined, // completion is a help, not a must: keep the last words
  );

const feedList = byId<HTMLElement>('feed');
const pending = byId<HTMLElement>('pending');
const connection = byId<HTMLElement>('connection');

const showChange = (change: FeedChange) => {
  for (const entry of change.entries) feed.show(entry);
  if (change.updated) feed.show(change.updated);
};
const failed = (what: string, error: unknown) => feed.notice(`${what}: ${error instanceof RequestError ? `${error.message} (HTTP ${error.status})` : 'botwatch did not answer; is it running?'}`);

const press = (messageId: string, action: Action, button: HTMLButtonElement) => {
  const buttons = [...(button.parentElement?.querySelectorAll('button') ?? [])];
  for (const b of buttons) b.disabled = true;
  server.press(messageId, action.id, action.value).then(showChange, (error: unknown) => {
    for (const b of buttons) b.disabled = false;
    failed(`“${action.label}” did not work`, error);
  });
};

const feed = new FeedView(feedList, press);

const send = (text: string) => {
  pending.hidden = false;
  feed.scrollToBottom();
  server
    .ask(text)
    .then(showChange, (error: unknown) => failed('The command was not sent', error))
    .finally(() => {
      pending.hidden = true;
      void refreshVocabulary();
    });
};

const box = new CommandBox(byId<HTMLInputElement>('command'), byId<HTMLUListElement>('suggestions'), () => vocabulary, send);
byId<HTMLFormElement>('composer').addEventListener('submit', (event) => event.preventDefault());

const tryList = byId<HTMLElement>('examples');
for (const example of examples) {
  const button = el('button', { type: 'button', class: 'example' }, example);
  button.addEventListener('click', () => box.fill(example));
  tryList.append(el('li', {}, button));
}

server.listen(
  (entry) => feed.show(entry),
  (live) => {
    connection.textContent = live ? 'live' : 'reconnecting…';
    connection.classList.toggle('live', live);
  },
);
watchDemoBanner(byId('banner'));
void refreshVocabulary();
byId<HTMLInputElement>('command').focus();
