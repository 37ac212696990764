/**
 * The netfilter the worker uses. Until the engine's NetfilterNode is committed, machines run
 * without firewall logic (every packet passes UNTRACKED).
 */
import { nullNetfilter, type NetfilterFactory } from './netfilter';

export const defaultNetfilter: NetfilterFactory = () => nullNetfilter();
