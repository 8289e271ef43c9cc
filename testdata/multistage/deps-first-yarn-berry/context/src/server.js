require('fastify')().get('/', async () => 'notes').then(() => {});
