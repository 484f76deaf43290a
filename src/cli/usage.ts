/** The command line's help text (docs/commands.md "Command line" mirrors it). */
export const usage = `botwatch — reports on your chatbots in Slack and Microsoft Teams

Usage: botwatch <command> [options]

Commands:
  serve                         run the HTTP server (ingest API, Slack, Teams, console, charts, health)
  migrate                       apply database migrations and exit
  import <file|dir|-> [--format jsonl|csv|botframework|copilot-studio|rasa] [--bot <id>]
         [--strict] [--handoff-actions <a,b>]
                                import events or bot-platform logs from a file, every file in a
                                folder, or stdin (streams; idempotent; see docs/importers.md)
  keys create <name> [--rate <events/s>]
                                make an ingest API key (shown once)
  keys list                     list ingest API keys
  keys revoke <name>            revoke an ingest API key
  ask "<command>" [--json | --csv] [--out chart.png] [--tz <zone>] [--now <ISO>]
                                answer a /botwatch command in the terminal (--json: the reply model)
  bots list                     list monitored bots
  bots cost <bot> --bot-cost <amount> --human-cost <amount> [--currency EUR]
                                set a bot's costs (for cost_per_conversation)
  models list                   LLM model prices (USD per million tokens) and models without one
  models price <model> --input <usd> --output <usd> [--cached-input <usd>]
                                set a model's price; stored history is re-priced (docs/llm-bots.md)
  models remove <model>         remove a model's price (its cost becomes n/a)
  gen --conversations <n> [--days 30] [--seed 1] [--end <ISO date>] [--out <file|->] [--load]
                                generate realistic demo/benchmark events for three bots
      [--incident <kind>[@bot]:<YYYY-MM-DDTHH:MM>:<1h>:x<size>]…
                                plant incidents (handoff-spike, volume-drop, latency-rise, slow-drift; docs/alerts.md)
  demo [--reset [--days 30] [--per-day 1000] [--seed 1]] [--remove]
                                the embedded database's demo data: show it, load a fresh month
                                ending now (--reset), or delete it for good (--remove)
  retention [--run]             what is kept (BOTWATCH_RETENTION_DAYS) and what the next daily run
                                deletes; --run deletes it now

Configuration comes from environment variables; see docs/configuration.md.
`;
