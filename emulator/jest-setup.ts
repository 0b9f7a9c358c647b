/**
 * Jest setup: the code under test (the bundle's sources, the doubles, the stripe package that signs
 * test events) reads the emulated account's clock through `new Date()` and `Date.now()`, never
 * the wall clock. Tests move it with advance()/setClock().
 */
import { clockedDate } from './clock';
import { account } from './netsuite/account';

globalThis.Date = clockedDate(() => account().clock.now());
