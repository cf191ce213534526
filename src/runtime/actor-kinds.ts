import { cfActor } from '../nodes/cf/actor';
import { peerKind } from '../nodes/peer/kind';
import { routerActor } from '../nodes/router/actor';
import { stackKind } from '../nodes/stack/kind';
import { ActorRegistry } from '../sim/registry';
import { syntheticKinds } from '../sim/testing/kinds';

// Every actor kind the runtimes (and each Worker, which imports this module) can run. To add one:
//   import { stackKind } from '../nodes/stack/kind';
//   actorKinds.register(stackKind);
// A kind's name is what a World's ActorSpec.kind refers to.

export const actorKinds = new ActorRegistry();

for (const kind of syntheticKinds) actorKinds.register(kind);

// The sysplex's actors (src/nodes).
actorKinds.register(stackKind).register(cfActor).register(routerActor).register(peerKind);
