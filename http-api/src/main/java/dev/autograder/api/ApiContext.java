package dev.autograder.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autograder.port.CourseOffice;
import dev.autograder.port.GradingDesk;
import dev.autograder.port.Identity;
import dev.autograder.port.SignInGuard;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * What every group of routes shares: the services behind the API, the JSON mapper and the limits.
 *
 * @param multipart the multipart/form-data unmarshaller, made once with the server's parser
 *     settings
 * @param callbacks where callbacks on Pekko's answers run (see {@link dev.autograder.Answers})
 */
public record ApiContext(
    Identity identity,
    CourseOffice courses,
    GradingDesk desk,
    ObjectMapper json,
    ApiRoutes.Settings settings,
    SignInGuard signIn,
    StatusStreams streams,
    Unmarshaller<HttpEntity, Multipart.FormData> multipart,
    Executor callbacks) {}
