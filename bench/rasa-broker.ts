/**
 * `npm run bench:rasa [-- --copies 100] [--runs 3]`: events per second consumed from Rasa's event
 * broker queue (the machine's RabbitMQ) into PostgreSQL, against a baseline measured in the same
 * run: importing the same events as a `rasa export` file. The queue is filled first, then drained
 * by botwatch's consumer (default prefetch). Prints medians and ends with one line of JSON.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';
import { importRecords } from '../src/import/import-records.ts';
import { readRasa } from '../src/import/rasa/read-rasa.ts';
import { RasaConsumer } from '../src/intake/rasa/rasa-consumer.ts';
import { RasaStream } from '../src/intake/rasa/rasa-stream.ts';
import { silentLogger } from '../src/log.ts';
import { benchDatabaseUrl, median, openBenchSchema } from './bench-database.ts';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' } } });
const amqpUrl = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672/';
const exported = fs.readFileSync(new URL('../test/fixtures/import/rasa/export.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() !== '');
const lines = Array.from({ length: Number(values.copies) }, (_, copy) => exported.map((l) => l.replace(/"sender_id": "([^"]+)"/, `"sender_id": "$1-${copy}"`))).flat();

const bench = await openBenchSchema('bench_rasa');
const publisher = await amqp.connect(amqpUrl);
const channel = await publisher.createChannel();
const live: number[] = [];
const baseline: number[] = [];
let events = 0;
try {
  for (let run = 0; run < Number(values.runs); run++) {
    const started = performance.now();
    const imported = await importRecords(bench.db, readRasa(Readable.from([`${lines.join('\n')}\n`]), { bytesRead: 0 }, { botId: `import-${run}` }), { storeMessageText: false });
    baseline.push(imported.accepted / ((performance.now() - started) / 1000));
    events = imported.accepted;

    const queue = `bench_rasa_${randomBytes(4).toString('hex')}`;
    await channel.assertQueue(queue, { durable: true });
    for (const line of lines) channel.sendToQueue(queue, Buffer.from(line), { persistent: true });
    await channel.checkQueue(queue); // a round trip: every message published is in the queue
    const stream = new RasaStream({ db: bench.db, logger: silentLogger, botId: `live-${run}`, storeMessageText: false });
    const consumer = new RasaConsumer({ url: amqpUrl, queue, stream, logger: silentLogger });
    const consuming = performance.now();
    consumer.start();
    while (stream.counts.messages < lines.length || stream.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = (performance.now() - consuming) / 1000;
    await consumer.stop();
    await channel.deleteQueue(queue);
    if (stream.counts.stored !== imported.accepted) throw new Error(`live stored ${stream.counts.stored} events, the import ${imported.accepted}`);
    live.push(stream.counts.stored / seconds);
  }
} finally {
  await publisher.close();
  await bench.drop();
}

const figures = {
  engine: 'postgres',
  database: new URL(benchDatabaseUrl).host,
  messages: lines.length,
  events,
  runs: live.length,
  liveEventsPerSecond: Math.round(median(live)),
  liveMessagesPerSecond: Math.round((median(live) * lines.length) / events),
  importEventsPerSecond: Math.round(median(baseline)),
  liveVsImport: Math.round((median(live) / median(baseline)) * 100) / 100,
  loadavg: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
};
console.log(
  `${figures.messages.toLocaleString('en-US')} Rasa messages → ${figures.events.toLocaleString('en-US')} events, median of ${figures.runs}: ` +
    `${figures.liveEventsPerSecond.toLocaleString('en-US')} events/s from RabbitMQ (${figures.liveMessagesPerSecond.toLocaleString('en-US')} messages/s) vs ` +
    `${figures.importEventsPerSecond.toLocaleString('en-US')} events/s importing the same export (${figures.liveVsImport}×); load ${figures.loadavg}`,
);
console.log(JSON.stringify(figures));
