// Errors storage raises when a request is wrong rather than the server faulty, so routes answer 4xx.

export class StorageInputError extends Error {
  override name = 'StorageInputError';
}
