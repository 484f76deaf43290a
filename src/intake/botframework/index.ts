/** `botwatch/botframework`: report a live Bot Framework bot to botwatch (docs/connect-your-bot.md). */
export { BotwatchMiddleware, recognizerResultKey } from './botwatch-middleware.ts';
export type { BotwatchMiddlewareOptions } from './botwatch-middleware.ts';
