export * from './double';
export { decodeForm } from './form';
export { matchOperation, checkParams } from './spec';
