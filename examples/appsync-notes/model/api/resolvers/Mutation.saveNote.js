// Mutation.saveNote: creates or replaces one of the caller's notes.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const { id, title, body } = ctx.args;
  return {
    operation: 'PutItem',
    key: util.dynamodb.toMapValues({ owner: ctx.identity.sub, id }),
    attributeValues: util.dynamodb.toMapValues({ title, body, updatedAt: util.time.nowISO8601() }),
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
