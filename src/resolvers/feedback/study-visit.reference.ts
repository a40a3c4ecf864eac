// The visits subgraph owns the visit; here its key is all there is to resolve.
export const studyVisitReference = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
};
