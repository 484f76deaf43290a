import type { ModuleFactory } from './module.ts';
import { createSlackModule } from '../chat/slack/slack-module.ts';

/** Every module `botwatch serve` may run, in start order (each returns undefined when not configured). */
export const moduleFactories: ModuleFactory[] = [createSlackModule];
