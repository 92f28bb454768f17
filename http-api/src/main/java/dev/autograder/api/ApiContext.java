package dev.autograder.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What every group of routes shares: the services behind the API, the JSON mapper and the limits. */
public record ApiContext(Identity identity, CourseOffice courses, GradingDesk desk, ObjectMapper json,
    ApiRoutes.Settings settings, SignInGuard signIn, StatusStreams streams) {}
