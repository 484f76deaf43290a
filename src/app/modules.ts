import { consoleModule } from '../console/console-module.ts';
import type { ModuleFactory } from './module.ts';

/** Every module `botwatch serve` may run, in start order (each returns undefined when not configured). */
export const moduleFactories: ModuleFactory[] = [consoleModule];
