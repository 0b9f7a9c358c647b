/** What the accountant reads when NetSuite refuses a posting, and what a damaged progress field falls back to. */
import { describePostingFailure, parsePosted, PostingError } from '../../src/core/books';

const nsError = (name: string, message: string) => Object.assign(new Error(message), { name });
const say = (e: unknown) => describePostingFailure(e, 'Charge ch_1', 'Acme (7)', 'jpy', '3/4/2027');

test('each refusal says what to do: a missing currency, a closed period, anything else with NetSuite\'s words', () => {
  expect(say(nsError('INVALID_FLD_VALUE', 'You have entered an Invalid Field Value 4 for the following field: currency')))
    .toBe('Charge ch_1 was not posted: customer Acme (7) has no JPY currency in NetSuite. Add JPY on the customer\'s Financial tab (Currencies); the next run of PayPack Payments Import posts it.');
  expect(say(nsError('PERIOD_CLOSED', 'The period is closed.')))
    .toBe('Charge ch_1 was not posted: the accounting period of 3/4/2027 is closed to Accounts Receivable (The period is closed.). Reopen it, or post it by hand in an open period and give that transaction the external id PayPack uses; the next run of PayPack Payments Import tries again.');
  expect(say(nsError('USER_ERROR', 'You cannot post to a locked accounting period')))
    .toMatch(/^Charge ch_1 was not posted: the accounting period of 3\/4\/2027 is closed/);
  // NetSuite words its messages in the user's language: the error's name still tells a closed period
  expect(say(nsError('PERIOD_CLOSED', 'La période comptable est clôturée.')))
    .toMatch(/^Charge ch_1 was not posted: the accounting period of 3\/4\/2027 is closed to Accounts Receivable \(La période comptable est clôturée\.\)/);
  // a message that names a currency is the customer's missing currency only when NetSuite says the value is invalid
  expect(say(nsError('INSUFFICIENT_PERMISSION', 'You need the Currency permission')))
    .toBe('Charge ch_1 was not posted: NetSuite refused it (INSUFFICIENT_PERMISSION: You need the Currency permission). The next run of PayPack Payments Import tries again.');
  expect(say(nsError('INVALID_FLD_VALUE', 'Invalid account 12')))
    .toBe('Charge ch_1 was not posted: NetSuite refused it (INVALID_FLD_VALUE: Invalid account 12). The next run of PayPack Payments Import tries again.');
  expect(say('no name, only text')).toBe('Charge ch_1 was not posted: NetSuite refused it (no name, only text). The next run of PayPack Payments Import tries again.');
  expect(say(new PostingError('its own words'))).toBe('its own words');
});

test('a progress field that is empty, not JSON or not PayPack\'s shape reads as nothing posted yet', () => {
  for (const text of ['', null, 'not json', '"text"', '[]', '{"done":null}', '{"done":"x"}', '{}']) expect(parsePosted(text)).toEqual({ done: {} });
  expect(parsePosted('{"done":{"payment":"12"}}')).toEqual({ done: { payment: '12' } });
});
