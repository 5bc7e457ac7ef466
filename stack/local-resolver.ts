import dns2 from 'dns2';

const { Packet } = dns2;

/** The loopback DNS server of the local stack. */
export interface LocalResolver {
  stop(): Promise<void>;
}

/**
 * A DNS server on 127.0.0.1:`port` (UDP) that answers an A query for each name in `names` with
 * its address and NXDOMAIN for anything else: the local stand-in for the resolver the `dns`
 * probe asks in production (the cluster's DNS), so the probe and its alert run locally too.
 */
export async function startLocalResolver(port: number, names: Readonly<Record<string, string>>): Promise<LocalResolver> {
  const known = new Map(Object.entries(names).map(([name, address]) => [name.toLowerCase().replace(/\.$/, ''), address]));
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const address = question ? known.get(question.name.toLowerCase().replace(/\.$/, '')) : undefined;
      if (!question || !address) response.header.rcode = Packet.RCODE.NXDOMAIN;
      // dns2 encodes plain records (its README's way); its typings also ask for a toBuffer method.
      else if (question.type === Packet.TYPE.A) response.answers.push({ name: question.name, type: Packet.TYPE.A, class: Packet.CLASS.IN, ttl: 60, address } as (typeof response.answers)[number]);
      void send(response);
    },
  });
  await server.listen({ udp: { port, address: '127.0.0.1' } });
  return { stop: () => server.close() };
}
