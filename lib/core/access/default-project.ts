// What existed before projects went into this one (migration 20261204053709_people_and_projects),
// and a model registered without a project (the local `tidemark register`, an instance key that
// names none) still lands here. The id is fixed by that migration.
export const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-000000000001";
export const DEFAULT_PROJECT_NAME = "default";
