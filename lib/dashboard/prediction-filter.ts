import { predictionSearchSchema } from "@/lib/prediction-log/search-predictions";
import { storableDateSchema } from "@/lib/core/time/storable-instant";

/**
 * The prediction-log search as the predictions page and its CSV export read it from a URL. The
 * keyset cursor `beforeTime` comes from the URL as typed, so it must be a storable time as well.
 */
export const predictionFilterSchema = predictionSearchSchema.extend({ beforeTime: storableDateSchema.optional() });
