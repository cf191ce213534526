import { createContext, useContext } from 'react';

// The scenario's client names, for telling a client's network link from a stack's (stable per
// scenario, so edges need not subscribe to the scenario).
export const ClientNamesContext = createContext<ReadonlySet<string>>(new Set());
export const useClientNames = () => useContext(ClientNamesContext);
