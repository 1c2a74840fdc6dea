/**
 * Whether this machine has the IPv6 loopback (::1): some containers run without it. The
 * dual-stack tests skip with NEEDS_IPV6 there (`skip(!hasIpv6Loopback, NEEDS_IPV6)`), so a
 * run on such a machine counts them as skipped and says why instead of failing.
 */
import { networkInterfaces } from 'node:os';

export const hasIpv6Loopback = Object.values(networkInterfaces()).some((addresses) => addresses?.some((a) => a.address === '::1'));

export const NEEDS_IPV6 = 'needs the IPv6 loopback (::1), which this machine does not have';
