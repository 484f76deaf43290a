/**
 * Words that carry no meaning for a question about metrics ("show me the hand-off rate for …"):
 * dropped once nothing longer has claimed them. A known bot with one of these names still wins.
 */
export const fillerWords: ReadonlySet<string> = new Set([
  'a', 'about', 'all', 'an', 'and', 'any', 'are', 'at', 'be', 'been', 'bot', 'bots', 'breakdown', 'broken',
  'can', 'chart', 'could', 'count', 'currently', 'data', 'did', 'display', 'do', 'does', 'during', 'far',
  'figure', 'figures', 'for', 'from', 'get', 'give', 'graph', 'had', 'has', 'have', 'here', 'i', 'in',
  'into', 'is', 'it', 'its', 'kindly', 'know', 'let', 'level', 'like', 'look', 'me', 'metric', 'much',
  'my', 'now', 'number', 'numbers', 'of', 'on', 'our', 'over', 'percent', 'percentage', 'please', 'plot',
  'rate', 'rates', 'ratio', 'right', 'see', 'share', 'show', 'so', 'tell', 'than', 'that', 'the', 'there',
  'this', 'to', 'total', 'trend', 'trends', 'us', 'value', 'was', 'we', 'were', 'what', "what's", 'whats',
  'with', 'within', 'would', 'you', 'your', '%', '-', '&', 'many', 'how', 'which', 'out', 'down', 'up',
  'time', 'period', 'just', 'only', 'current', 'latest', 'recent', 'recently', 'want', 'need', 'check',
  'split', 'grouped', 'group', 'list', 'tracking', 'across', 'overall',
  // Who is asked about, in questions: "where do people drop off", "how are we doing".
  'people', 'customers', 'visitors', 'folks', 'they', 'them', 'things', 'everyone', 'anyone', 'somebody',
  'between', 'via', 'answer', 'answers', 'respond', 'responds', 'per', 'conversation', 'chat', 'doing', 'performing', 'versus', 'vs', 'with', 'gone', 'going', 'went', 'lately', 'exactly', 'roughly',
]);
