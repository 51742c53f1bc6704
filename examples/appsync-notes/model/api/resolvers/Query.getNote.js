// Query.getNote: one of the caller's own notes (the key starts with their sub, so no one else's is found).
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ owner: ctx.identity.sub, id: ctx.args.id }),
  };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
