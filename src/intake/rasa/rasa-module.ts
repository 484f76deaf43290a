import type { BotwatchModule } from '../../app/module.ts';
import type { BotwatchServices } from '../../app/services.ts';
import { RasaConsumer } from './rasa-consumer.ts';
import type { RasaConsumerOptions } from './rasa-consumer.ts';
import { RasaStream } from './rasa-stream.ts';
import type { RasaStreamOptions } from './rasa-stream.ts';

/** Tuning a test or benchmark may change (the defaults suit production). */
export type RasaModuleTuning = Pick<RasaStreamOptions, 'utteranceWaitMs'> & Pick<RasaConsumerOptions, 'prefetch' | 'connectionName' | 'retryDelayMs'>;

/** The running module, with what it has consumed (tests and benchmarks read it). */
export interface RasaModule extends BotwatchModule {
  stream: RasaStream;
  consumer: RasaConsumer;
}

/**
 * Consumes Rasa's Pika event broker (docs/connect-rasa.md) when BOTWATCH_RASA_AMQP_URL is set:
 * every tracker event Rasa publishes is stored as the Rasa importer would store it.
 */
export function createRasaModule(services: BotwatchServices, tuning: RasaModuleTuning = {}): RasaModule | undefined {
  const settings = services.config.rasa;
  if (settings === undefined) return undefined;
  const logger = services.logger.child({ module: 'rasa' });
  const stream = new RasaStream({
    db: services.db,
    logger,
    botId: settings.botId,
    handoffActions: settings.handoffActions,
    storeMessageText: services.config.storeMessageText,
    ...(tuning.utteranceWaitMs === undefined ? {} : { utteranceWaitMs: tuning.utteranceWaitMs }),
  });
  const consumer = new RasaConsumer({
    url: settings.amqpUrl,
    queue: settings.queue,
    stream,
    logger,
    ...(tuning.prefetch === undefined ? {} : { prefetch: tuning.prefetch }),
    ...(tuning.connectionName === undefined ? {} : { connectionName: tuning.connectionName }),
    ...(tuning.retryDelayMs === undefined ? {} : { retryDelayMs: tuning.retryDelayMs }),
  });
  return {
    name: 'rasa',
    stream,
    consumer,
    readiness() {
      const state = consumer.state;
      return { rasa: state.state === 'reconnecting' ? `reconnecting: ${state.lastError}` : state.state };
    },
    // Connecting goes on in the background: botwatch serves while RabbitMQ is still starting.
    start: () => Promise.resolve(consumer.start()),
    async stop() {
      await consumer.stop();
      logger.info('rasa consumer stopped', { ...stream.counts, skippedBy: undefined });
    },
  };
}
