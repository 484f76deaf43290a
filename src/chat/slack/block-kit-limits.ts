/**
 * Block Kit's limits for a message (https://docs.slack.dev/reference/block-kit/blocks): past them
 * Slack refuses the whole message with `invalid_blocks`, so the renderer stays inside them.
 */
export const blockKitLimits = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  imageAltText: 2000,
  imageTitle: 2000,
  /** Slack truncates a message's notification `text` past 4,000 characters; stay well under. */
  fallbackText: 3000,
} as const;
