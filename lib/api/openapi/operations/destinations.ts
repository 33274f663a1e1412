import { z } from "zod";
import { createDestinationSchema, updateDestinationSchema } from "@/lib/alerts/destination-schema";
import { notificationQuerySchema } from "@/lib/alerts/list-notifications";
import {
  deletedDestinationSchema,
  destinationListSchema,
  destinationTestResultSchema,
  destinationViewSchema,
  notificationListSchema,
  notificationViewSchema,
} from "@/lib/alerts/response-schemas";
import type { ApiOperation } from "../api-operation";

const tag = "Destinations and notifications";
const namePath = z.object({ name: z.string().describe("The destination's name") });
const destination = { name: "Destination", schema: destinationViewSchema };

export const destinationOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/destinations",
    operationId: "listDestinations",
    summary: "Alert destinations, without their secrets",
    tag,
    scope: "admin",
    responses: {
      200: { description: "The destinations, by name", body: { name: "DestinationList", schema: destinationListSchema } },
    },
  },
  {
    method: "post",
    path: "/api/v1/destinations",
    operationId: "createDestination",
    summary: "Create a destination: webhook, slack or email",
    description: "Secrets (a webhook's secret, a Slack URL, an SMTP password) are stored encrypted and never returned. Audited.",
    tag,
    scope: "admin",
    body: { name: "DestinationCreate", schema: createDestinationSchema },
    responses: { 201: { description: "The destination", body: destination } },
    errors: { 409: "A destination with this name exists", 422: "Invalid destination, or a host the allow-list refuses" },
  },
  {
    method: "get",
    path: "/api/v1/destinations/{name}",
    operationId: "getDestination",
    summary: "One destination, without its secrets",
    tag,
    scope: "admin",
    pathParams: namePath,
    responses: { 200: { description: "The destination", body: destination } },
    errors: { 404: "No destination with this name" },
  },
  {
    method: "patch",
    path: "/api/v1/destinations/{name}",
    operationId: "updateDestination",
    summary: "Change fields of a destination, or { enabled: false }",
    description:
      "Any field of the destination's kind (name and kind stay); secrets left out are kept. The merged destination is validated as a whole. Audited.",
    tag,
    scope: "admin",
    pathParams: namePath,
    body: { name: "DestinationUpdate", schema: updateDestinationSchema },
    responses: { 200: { description: "The destination as changed", body: destination } },
    errors: { 404: "No destination with this name", 422: "Invalid change, naming the field" },
  },
  {
    method: "delete",
    path: "/api/v1/destinations/{name}",
    operationId: "deleteDestination",
    summary: "Delete a destination no rule uses",
    description: "Notifications still waiting for it become dead. Audited.",
    tag,
    scope: "admin",
    pathParams: namePath,
    responses: {
      200: { description: "What was deleted", body: { name: "DeletedDestination", schema: deletedDestinationSchema } },
    },
    errors: { 404: "No destination with this name", 409: "Rules still use it; details name them" },
  },
  {
    method: "post",
    path: "/api/v1/destinations/{name}/test",
    operationId: "testDestination",
    summary: "Send a test notification now and report what happened",
    description:
      "Through the same path as real notifications (signature, timeout, allow-list); not queued, not retried. Audited.",
    tag,
    scope: "admin",
    pathParams: namePath,
    responses: {
      200: { description: "What happened", body: { name: "DestinationTestResult", schema: destinationTestResultSchema } },
    },
    errors: { 404: "No destination with this name" },
  },
  {
    method: "get",
    path: "/api/v1/alert-notifications",
    operationId: "listNotifications",
    summary: "The delivery outbox, newest first",
    tag,
    scope: "read",
    query: notificationQuerySchema,
    responses: {
      200: { description: "A page of notifications", body: { name: "NotificationList", schema: notificationListSchema } },
    },
    errors: { 422: "Invalid query, naming the parameter" },
  },
  {
    method: "post",
    path: "/api/v1/alert-notifications/{id}/retry",
    operationId: "retryNotification",
    summary: "Give a dead notification a fresh set of attempts",
    description: "Audited.",
    tag,
    scope: "admin",
    pathParams: z.object({ id: z.string().regex(/^\d+$/).describe("The notification's id") }),
    responses: {
      200: { description: "The notification, pending again", body: { name: "Notification", schema: notificationViewSchema } },
    },
    errors: { 404: "No notification with this id", 409: "The notification is not dead, or its destination was deleted" },
  },
];
