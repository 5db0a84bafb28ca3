package org.sylva.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.sylva.blockwise.Workers;
import org.sylva.export.DataRange;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureScaleException;
import org.sylva.features.FeatureSelection;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelSource;
import org.sylva.project.DataLane;
import org.sylva.project.LaneDataException;
import org.sylva.project.Projects;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;
import org.sylva.session.BatchRunner;
import org.sylva.session.LaneUnavailableException;
import org.sylva.session.Model;
import org.sylva.session.PixelSession;
import org.sylva.session.Plane;
import org.sylva.session.PredictionTile;
import org.sylva.session.SessionEvent;
import org.sylva.session.StaleException;
import org.sylva.session.Stroke;
import org.sylva.session.TileId;

/**
 * The web app's server: a thin shell over a {@link PixelSession}. REST for state, edits and tiles (raw bytes at
 * the visible scale), a WebSocket for what the session tells (trained, labels changed, export progress), the UI as
 * static files from the class path ({@code /web}).
 *
 * <p>Safe by default: bound to 127.0.0.1 only; every request needs the session token (query {@code token}, which
 * also sets a same-site cookie, header {@code X-Sylva-Token}, or that cookie), else 401; the Host header must name
 * the loopback address (no DNS rebinding); file access only inside {@link Folders}; JSON bodies up to 1 MiB,
 * uploads up to {@value #MAX_UPLOAD_MB} MiB; malformed JSON, unknown ids and out-of-range tiles get 4xx with a
 * message; no exception escapes a handler.
 */
public final class WebServer implements AutoCloseable {

    static final int MAX_UPLOAD_MB = 512;
    private static final int MAX_JSON = 1 << 20;
    private static final String COOKIE = "sylva_token";
    private static final Pattern STATIC = Pattern.compile("[a-z0-9_-]{1,64}\\.(js|css|html|svg|png|ico)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final Folders folders;
    private final Workers workers;
    private final AtomicReference<PixelSession> session = new AtomicReference<>();
    private final List<String> warnings = new ArrayList<>();
    private final Set<WsContext> sockets = ConcurrentHashMap.newKeySet();
    private final Consumer<SessionEvent> listener = this::broadcast;
    private Javalin app;
    private int port;

    /**
     * @param session the session to serve (the server closes it when it closes or opens another project)
     * @param folders the folders the user opened
     */
    WebServer(PixelSession session, Folders folders, Workers workers, List<String> warnings) {
        this.folders = folders;
        this.workers = workers;
        this.warnings.addAll(warnings);
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        this.token = HexFormat.of().formatHex(b);
        use(session);
    }

    /** The session token every request must carry. */
    public String token() { return token; }

    /** The port (after {@link #start}). */
    public int port() { return port; }

    /** The URL to open, with the token. */
    public String url() { return "http://127.0.0.1:" + port + "/?token=" + token; }

    /** The session served now. */
    public PixelSession session() { return session.get(); }

    private void use(PixelSession s) {
        PixelSession old = session.getAndSet(s);
        if (old != null) {
            old.removeListener(listener);
            old.close();
        }
        s.addListener(listener);
    }

    /** Starts on 127.0.0.1:{@code port} (0 = a free port). */
    public WebServer start(int port) {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = (long) MAX_UPLOAD_MB << 20;
            cfg.http.asyncTimeout = 300_000;
            cfg.routes.before(this::guard);
            cfg.routes.wsBeforeUpgrade(this::guard);
            routes(cfg.routes);
            cfg.routes.exception(Exception.class, (e, ctx) -> error(ctx, e));
            cfg.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) message(ctx, 404, "no such resource: " + ctx.path());
            });
            cfg.routes.ws("/api/events", ws -> {
                ws.onConnect(ctx -> {
                    ctx.enableAutomaticPings();
                    sockets.add(ctx);
                    send(ctx, event("hello", JSON.createObjectNode().put("labelRevision", session().labelRevision())));
                });
                ws.onClose(sockets::remove);
                ws.onError(sockets::remove);
                ws.onMessage(ctx -> { /* the client only listens */ });
            });
        });
        app.start("127.0.0.1", port);
        this.port = app.port();
        return this;
    }

    @Override
    public void close() {
        if (app != null) app.stop();
        PixelSession s = session.get();
        if (s != null) s.close();
    }

    // ------------------------------------------------------------------------------------------ security

    private void guard(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
            throw new Refused(403, "requests must address 127.0.0.1:" + port);
        }
        try {
            if (!InetAddress.getByName(ctx.ip()).isLoopbackAddress()) throw new Refused(403, "loopback clients only");
        } catch (IOException e) {
            throw new Refused(403, "loopback clients only");
        }
        String given = ctx.queryParam("token");
        if (given == null) given = ctx.header("X-Sylva-Token");
        if (given == null) given = ctx.cookie(COOKIE);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused(401, "this Sylva session needs its token: open the URL Sylva printed when it started");
        }
        if (ctx.queryParam("token") != null) {
            ctx.header("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
    }

    /** A request refused with a status and a message. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static void error(Context ctx, Throwable e) {
        if (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        int status;
        if (e instanceof Refused r) status = r.status;
        else if (e instanceof Folders.ForbiddenPath) status = 403;
        else if (e instanceof NotFound) status = 404;
        else if (e instanceof StaleException) status = 409;
        else if (e instanceof IllegalStateException || e instanceof LaneUnavailableException
                || e instanceof LaneDataException) status = 409;
        else if (e instanceof JsonProcessingException) status = 400;
        else if (e instanceof IllegalArgumentException || e instanceof FeatureScaleException) status = 400;
        else if (e instanceof IOException) status = 422;
        else if (e instanceof io.javalin.http.HttpResponseException h) status = h.getStatus();
        else status = 500;
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof JsonProcessingException j) m = "malformed JSON: " + j.getOriginalMessage();
        if (status == 500) m = "internal error: " + e;
        message(ctx, status, m);
    }

    private static void message(Context ctx, int status, String m) {
        ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put("error", m).toString());
    }

    static final class NotFound extends RuntimeException {
        NotFound(String m) { super(m, null, false, false); }
    }

    // ------------------------------------------------------------------------------------------ routes

    private void routes(io.javalin.config.RoutesConfig r) {
        r.get("/", ctx -> serve(ctx, "index.html"));
        r.get("/app/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
        r.get("/api/state", ctx -> json(ctx, state()));
        r.get("/api/lanes/{lane}/tile/{layer}", this::tile);
        r.get("/api/lanes/{lane}/range", this::range);
        r.post("/api/lanes/{lane}/stroke", this::stroke);
        r.get("/api/lanes/{lane}/strokes", ctx -> {
            ArrayNode a = JSON.createArrayNode();
            for (Stroke s : session().strokes(lane(ctx), 2000)) a.add(JSON.valueToTree(s));
            json(ctx, a);
        });
        r.post("/api/lanes/{lane}/labels/import", this::importLabels);
        r.post("/api/undo", ctx -> json(ctx, JSON.createObjectNode().put("undone", session().undo())));
        r.post("/api/classes", ctx -> {
            JsonNode b = body(ctx);
            int k = session().addClass(text(b, "name", null), colour(b));
            json(ctx, JSON.createObjectNode().put("label", k));
        });
        r.put("/api/classes/{k}", ctx -> {
            JsonNode b = body(ctx);
            session().updateClass(intParam(ctx.pathParam("k"), "class"), text(b, "name", null), colour(b));
            json(ctx, ok());
        });
        r.delete("/api/classes/{k}", ctx -> {
            session().deleteClass(intParam(ctx.pathParam("k"), "class"));
            json(ctx, ok());
        });
        r.put("/api/features", this::features);
        r.post("/api/live", ctx -> {
            session().setLiveUpdate(bool(body(ctx), "on"));
            json(ctx, ok());
        });
        r.post("/api/train", ctx -> ctx.future(() -> session().train().thenAccept(m -> json(ctx, model(m)))));
        r.post("/api/save", this::save);
        r.post("/api/open", this::open);
        r.post("/api/lanes", this::addLane);
        r.put("/api/lanes/{lane}", this::changeLane);
        r.delete("/api/lanes/{lane}", ctx -> {
            session().removeLane(lane(ctx));
            json(ctx, ok());
        });
        r.get("/api/files", this::files);
        r.post("/api/export", this::export);
        r.post("/api/export/{job}/cancel", ctx -> json(ctx, JSON.createObjectNode()
                .put("cancelled", session().batches().cancel(intParam(ctx.pathParam("job"), "job")))));
    }

    private void serve(Context ctx, String name) throws IOException {
        if (!STATIC.matcher(name).matches()) throw new NotFound("no such file: " + name);
        try (InputStream in = WebServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw new NotFound("no such file: " + name);
            String type = switch (name.substring(name.lastIndexOf('.') + 1)) {
                case "js" -> "text/javascript; charset=utf-8";
                case "css" -> "text/css; charset=utf-8";
                case "html" -> "text/html; charset=utf-8";
                case "svg" -> "image/svg+xml";
                case "png" -> "image/png";
                default -> "image/x-icon";
            };
            ctx.contentType(type).result(in.readAllBytes());
        }
    }

    // ------------------------------------------------------------------------------------------ state

    private ObjectNode state() {
        PixelSession s = session();
        SylvaProject p = s.project();
        ObjectNode o = JSON.createObjectNode();
        ObjectNode proj = o.putObject("project");
        proj.put("file", s.file() == null ? null : s.file().toString());
        proj.put("suggested", suggestedFile(s).toString());
        proj.put("dirty", s.isDirty());
        proj.put("revision", p.info().revision());
        ArrayNode ws = proj.putArray("warnings");
        warnings.forEach(ws::add);
        ArrayNode roots = proj.putArray("folders");
        folders.roots().forEach(f -> roots.add(f.toString()));
        ArrayNode lanes = o.putArray("lanes");
        for (int i = 0; i < p.lanes().size(); i++) {
            DataLane l = p.lanes().get(i);
            ObjectNode n = lanes.addObject();
            n.put("name", l.name());
            Shape sh = l.shape();
            n.putObject("shape").put("t", sh.t()).put("z", sh.z()).put("y", sh.y()).put("x", sh.x()).put("c", sh.c());
            n.put("axes", l.axes().letters());
            n.put("dtype", l.dtype().numpyName());
            n.put("available", l.isAvailable());
            n.put("problem", l.status().problem());
            ArrayNode files = n.putArray("files");
            l.files().forEach(f -> files.add(f.path().toString()));
            n.put("stackAlong", String.valueOf(l.stackAlong()));
            n.put("labelled", p.labels(i).labelledPixels());
            ArrayNode names = n.putArray("featureNames");
            p.features().channelNames(sh.c(), sh.z()).forEach(names::add);
        }
        ArrayNode classes = o.putArray("classes");
        long[] counts = s.labelledPerClass();
        for (int k = 0; k < p.classes().size(); k++) {
            LabelClass c = p.classes().get(k);
            classes.addObject().put("name", c.name()).put("colour", String.format("#%06x", c.rgb()))
                    .put("labelled", k < counts.length ? counts[k] : 0);
        }
        FeatureSelection f = p.features();
        ObjectNode fs = o.putObject("features");
        ArrayNode ids = fs.putArray("ids"), display = fs.putArray("names"), mins = fs.putArray("minimumScales");
        for (FeatureId id : f.ids()) {
            ids.add(id.name());
            display.add(id.displayName());
            mins.add(id.minimumScale());
        }
        ArrayNode scales = fs.putArray("scales");
        for (double v : f.scales()) scales.add(v);
        ArrayNode m = fs.putArray("matrix");
        for (boolean[] row : f.matrix()) {
            ArrayNode a = m.addArray();
            for (boolean b : row) a.add(b);
        }
        boolean[] in2d = f.computeIn2d();
        if (in2d == null) fs.putNull("in2d");
        else {
            ArrayNode a = fs.putArray("in2d");
            for (boolean b : in2d) a.add(b);
        }
        o.set("model", model(s.model()));
        o.put("live", s.liveUpdate());
        o.put("labelRevision", s.labelRevision());
        ExportSettings e = p.export();
        ObjectNode ex = o.putObject("export");
        ex.put("format", e.format().name());
        ex.put("dtype", e.dtype() == null ? null : e.dtype().numpyName());
        ex.put("filenameTemplate", e.filenameTemplate());
        if (e.inputRange() != null) ex.putArray("inputRange").add(e.inputRange().minValue()).add(e.inputRange().maxValue());
        if (e.exportRange() != null) ex.putArray("exportRange").add(e.exportRange().minValue()).add(e.exportRange().maxValue());
        ArrayNode formats = o.putArray("formats");
        for (ExportFormat ef : ExportFormat.ALL) formats.add(ef.name());
        ArrayNode sources = o.putArray("sources");
        for (PixelSource ps : PixelSource.values()) sources.add(ps.displayName());
        o.put("tileSize", TileId.SIZE);
        o.put("previewStride", PixelSession.PREVIEW_STRIDE);
        return o;
    }

    private static Path suggestedFile(PixelSession s) {
        if (s.file() != null) return s.file();
        SylvaProject p = s.project();
        if (!p.lanes().isEmpty()) {
            Path f = p.lanes().get(0).files().get(0).path().toAbsolutePath();
            return f.resolveSibling(p.lanes().get(0).name() + ".sylva");
        }
        return Path.of("project.sylva").toAbsolutePath();
    }

    private static JsonNode model(Model m) {
        if (m == null) return JSON.nullNode();
        ObjectNode o = JSON.createObjectNode();
        o.put("generation", m.generation());
        o.put("samples", m.samples());
        if (Double.isNaN(m.oobAccuracy())) o.putNull("oob");
        else o.put("oob", m.oobAccuracy());
        ArrayNode pc = o.putArray("perClass");
        for (long v : m.samplesPerClass()) pc.add(v);
        o.put("featureSeconds", m.featureSeconds());
        o.put("trainingSeconds", m.trainingSeconds());
        o.put("trees", m.classifier().forest().treeCount());
        o.put("labelRevision", m.labelRevision());
        o.put("features", m.classifier().forest().featureCount());
        return o;
    }

    // ------------------------------------------------------------------------------------------ tiles

    private void tile(Context ctx) throws IOException {
        PixelSession s = session();
        int lane = lane(ctx);
        TileId id = tileId(ctx, lane, s);
        String layer = ctx.pathParam("layer");
        ctx.header("X-Tile-Height", String.valueOf(id.height(s.shape(lane))));
        ctx.header("X-Tile-Width", String.valueOf(id.width(s.shape(lane))));
        ctx.header("Access-Control-Expose-Headers", "*");
        switch (layer) {
            case "raw" -> {
                int c = intParam(ctx.queryParam("channel"), "channel", 0);
                float[] v = s.rawTile(id, c);
                DType type = s.project().lanes().get(lane).dtype();
                // 8- and 16-bit data go as they are (a quarter or half of the bytes); the rest as float32
                if (type == DType.UINT8) {
                    byte[] b = new byte[v.length];
                    for (int i = 0; i < v.length; i++) b[i] = (byte) (int) v[i];
                    ctx.header("X-Dtype", "uint8");
                    bytes(ctx, b);
                } else if (type == DType.UINT16) {
                    ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                    for (float f : v) b.putShort((short) (int) f);
                    ctx.header("X-Dtype", "uint16");
                    ctx.contentType("application/octet-stream").result(b.array());
                } else {
                    ctx.header("X-Dtype", "float32");
                    floats(ctx, v);
                }
            }
            case "labels" -> bytes(ctx, s.labelTile(id));
            case "feature" -> {
                int c = intParam(ctx.queryParam("channel"), "channel", 0);
                CompletableFuture<float[]> f = s.featureTile(id, c);
                ctx.future(() -> f.handle((v, e) -> {
                    if (e != null) error(ctx, e);
                    else floats(ctx, v);
                    return null;
                }));
            }
            case "prediction" -> {
                int preview = intParam(ctx.queryParam("preview"), "preview", 1);
                boolean exact = "float32".equals(ctx.queryParam("format"));
                CompletableFuture<PredictionTile> f = s.prediction(id, preview);
                ctx.future(() -> f.handle((v, e) -> {
                    if (e != null) error(ctx, e);
                    else prediction(ctx, v, exact);
                    return null;
                }));
            }
            default -> throw new NotFound("no layer '" + layer + "' (raw, labels, prediction, feature)");
        }
    }

    /**
     * A prediction tile: K probability planes, the segmentation plane and the uncertainty plane, one byte per pixel
     * (probabilities and uncertainty as round(255·v)); with {@code format=float32} the K probability planes as
     * float32 followed by the segmentation bytes. A preview's byte planes hold its predicted pixels only (header
     * {@code X-Preview-Stride}: every stride-th pixel per axis, ⌈height/stride⌉ × ⌈width/stride⌉ per plane).
     */
    private static void prediction(Context ctx, PredictionTile t, boolean exact) {
        int n = t.height() * t.width(), K = t.classes();
        ctx.header("X-Generation", String.valueOf(t.generation()));
        ctx.header("X-Classes", String.valueOf(K));
        ctx.header("X-Preview", String.valueOf(t.preview()));
        if (exact) {
            ByteBuffer b = ByteBuffer.allocate(n * K * 4 + n).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < K; k++) for (int i = 0; i < n; i++) b.putFloat(t.probabilities()[i * K + k]);
            b.put(t.segmentation());
            ctx.contentType("application/octet-stream").result(b.array());
            return;
        }
        // a preview goes as its predicted pixels only (every stride-th per axis: ⌈h/stride⌉ × ⌈w/stride⌉), which
        // the client draws stride times larger: 1/stride² of the bytes to encode, send and paint
        int st = t.stride(), H = t.height(), W = t.width();
        int h = (H + st - 1) / st, w = (W + st - 1) / st, m = h * w;
        ctx.header("X-Preview-Stride", String.valueOf(st));
        byte[] out = new byte[m * (K + 2)];
        float[] p = t.probabilities();
        byte[] seg = t.segmentation();
        float[] unc = t.uncertainty();
        for (int i = 0, o = 0; i < h; i++) {
            for (int j = 0; j < w; j++, o++) {
                int src = (i * st) * W + j * st;
                for (int k = 0; k < K; k++) out[k * m + o] = (byte) Math.round(p[src * K + k] * 255);
                out[K * m + o] = seg[src];
                out[(K + 1) * m + o] = (byte) Math.round(unc[src] * 255);
            }
        }
        ctx.contentType("application/octet-stream").result(out);
    }

    private static void floats(Context ctx, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        ctx.contentType("application/octet-stream").result(b.array());
    }

    private static void bytes(Context ctx, byte[] v) {
        ctx.contentType("application/octet-stream").result(v);
    }

    private static TileId tileId(Context ctx, int lane, PixelSession s) {
        String axis = ctx.queryParam("axis");
        if (axis == null) axis = "z";
        if (axis.length() != 1 || "zyx".indexOf(axis.charAt(0)) < 0) throw new IllegalArgumentException("axis must be z, y or x");
        TileId id = new TileId(lane, intParam(ctx.queryParam("t"), "t", 0),
                new Plane(axis.charAt(0), intParam(ctx.queryParam("index"), "index", 0)),
                intParam(ctx.queryParam("level"), "level", 0), intParam(ctx.queryParam("row"), "row", 0),
                intParam(ctx.queryParam("col"), "col", 0));
        id.check(s.shape(lane));
        return id;
    }

    /** A display range for a channel: the 0.1 and 99.9 percentiles of a sample of the lane's values. */
    private void range(Context ctx) throws IOException {
        PixelSession s = session();
        int lane = lane(ctx);
        int c = intParam(ctx.queryParam("channel"), "channel", 0);
        Image img = s.raw(lane);
        Shape sh = img.shape();
        if (c < 0 || c >= sh.c()) throw new IllegalArgumentException("channel " + c + " out of range (the image has " + sh.c() + ")");
        int t = Math.min(intParam(ctx.queryParam("t"), "t", 0), sh.t() - 1);
        long total = sh.voxelsPerTimePoint();
        int n = (int) Math.min(total, 200_000);
        double[] v = new double[n];
        long step = Math.max(1, total / n);
        for (int i = 0; i < n; i++) {
            long k = Math.min(total - 1, i * step);
            int z = (int) (k / ((long) sh.y() * sh.x())), y = (int) ((k / sh.x()) % sh.y()), x = (int) (k % sh.x());
            v[i] = img.get(t, z, y, x, c);
        }
        java.util.Arrays.sort(v);
        ObjectNode o = JSON.createObjectNode();
        o.put("min", v[(int) (0.001 * (n - 1))]).put("max", v[(int) (0.999 * (n - 1))]);
        o.put("dtypeMin", img.dtype().isFloat() ? v[0] : img.dtype().minValue());
        o.put("dtypeMax", img.dtype().isFloat() ? v[n - 1] : img.dtype().maxValue());
        json(ctx, o);
    }

    // ------------------------------------------------------------------------------------------ edits

    private void stroke(Context ctx) throws IOException {
        PixelSession s = session();
        int lane = lane(ctx);
        JsonNode b = body(ctx);
        String axis = text(b, "axis", "z");
        if (axis.length() != 1) throw new IllegalArgumentException("axis must be z, y or x");
        Plane plane = new Plane(axis.charAt(0), integer(b, "index", 0));
        JsonNode pts = b.get("points");
        if (pts == null || !pts.isArray() || pts.isEmpty()) throw new IllegalArgumentException("'points' must be a list of [row, column]");
        if (pts.size() > 100_000) throw new IllegalArgumentException("too many points in one stroke (at most 100000)");
        double[] rows = new double[pts.size()], cols = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            JsonNode p = pts.get(i);
            if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw new IllegalArgumentException("points[" + i + "] must be [row, column]");
            }
            rows[i] = p.get(0).asDouble();
            cols[i] = p.get(1).asDouble();
        }
        double size = number(b, "size", 3);
        int label = integer(b, "label", -1);
        if (label < 0) throw new IllegalArgumentException("'label' is needed: a class number, or 0 to erase");
        int painted = s.paint(lane, integer(b, "t", 0), plane, rows, cols, size, label);
        json(ctx, JSON.createObjectNode().put("pixels", painted).put("labelRevision", s.labelRevision()));
    }

    private void importLabels(Context ctx) throws IOException {
        PixelSession s = session();
        int lane = lane(ctx);
        Image labels;
        String path = ctx.queryParam("path");
        if (path != null) {
            labels = ImageFiles.read(folders.resolve(path).toString());
        } else {
            String name = ctx.queryParam("name");
            if (name == null || !name.matches("[^/\\\\]{1,200}")) throw new IllegalArgumentException("give the file's 'name' (its extension tells the format)");
            byte[] data = ctx.bodyAsBytes();
            if (data.length == 0) throw new IllegalArgumentException("the upload is empty");
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
            if (!ext.matches("\\.[A-Za-z0-9]{1,5}")) throw new IllegalArgumentException("the file name needs an extension");
            Path tmp = Files.createTempFile("sylva-upload-", ext);
            try {
                Files.write(tmp, data);
                labels = ImageFiles.read(tmp.toString());
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        long n = s.importLabels(lane, labels);
        json(ctx, JSON.createObjectNode().put("pixels", n));
    }

    private void features(Context ctx) throws IOException {
        JsonNode b = body(ctx);
        PixelSession s = session();
        FeatureSelection cur = s.project().features();
        List<FeatureId> ids = new ArrayList<>();
        JsonNode idn = b.get("ids");
        if (idn == null) ids.addAll(cur.ids());
        else for (JsonNode n : idn) ids.add(FeatureId.parse(n.asText()));
        JsonNode sc = b.get("scales");
        if (sc == null || !sc.isArray() || sc.isEmpty() || sc.size() > 32) throw new IllegalArgumentException("'scales' must be a list of 1…32 numbers");
        double[] scales = new double[sc.size()];
        for (int j = 0; j < scales.length; j++) {
            if (!sc.get(j).isNumber()) throw new IllegalArgumentException("scales[" + j + "] must be a number");
            scales[j] = sc.get(j).asDouble();
            if (!(scales[j] > 0) || scales[j] > 100) throw new IllegalArgumentException("scale " + scales[j] + " must be in (0, 100]");
        }
        JsonNode mn = b.get("matrix");
        if (mn == null || !mn.isArray() || mn.size() != ids.size()) throw new IllegalArgumentException("'matrix' needs one row per feature");
        boolean[][] m = new boolean[ids.size()][scales.length];
        for (int i = 0; i < ids.size(); i++) {
            JsonNode row = mn.get(i);
            if (!row.isArray() || row.size() != scales.length) throw new IllegalArgumentException("matrix[" + i + "] needs one value per scale");
            for (int j = 0; j < scales.length; j++) {
                m[i][j] = row.get(j).asBoolean();
                if (m[i][j] && scales[j] < ids.get(i).minimumScale()) {
                    throw new IllegalArgumentException(ids.get(i).displayName() + " needs a scale of at least "
                            + ids.get(i).minimumScale() + " (as in ilastik); σ=" + scales[j] + " is too small");
                }
            }
        }
        boolean[] in2d = null;
        JsonNode d = b.get("in2d");
        if (d != null && !d.isNull()) {
            if (!d.isArray() || d.size() != scales.length) throw new IllegalArgumentException("'in2d' needs one value per scale");
            in2d = new boolean[scales.length];
            for (int j = 0; j < scales.length; j++) in2d[j] = d.get(j).asBoolean();
        }
        s.setFeatures(new FeatureSelection(ids, scales, m, in2d));
        json(ctx, ok());
    }

    private void save(Context ctx) throws IOException {
        JsonNode b = body(ctx);
        PixelSession s = session();
        String path = text(b, "path", null);
        Path target = null;
        if (path != null) {
            target = folders.resolve(path);
            if (!target.getFileName().toString().endsWith(".sylva")) throw new IllegalArgumentException("a project file ends in .sylva");
        }
        SylvaProject p = s.save(target, bool(b, "overwrite"));
        json(ctx, JSON.createObjectNode().put("file", s.file().toString()).put("revision", p.info().revision()));
    }

    private void open(Context ctx) throws IOException {
        JsonNode b = body(ctx);
        Path file = folders.resolve(text(b, "path", null));
        Projects.Opened o = Projects.open(file);
        folders.addLaneFolders(o.project());
        PixelSession s = new PixelSession(o.project(), o.ilp() ? null : file, workers, PixelSession.defaultCacheBytes());
        warnings.clear();
        warnings.addAll(o.warnings());
        use(s);
        broadcast(event("reload", JSON.createObjectNode()));
        json(ctx, JSON.createObjectNode().put("file", file.toString()));
    }

    private void addLane(Context ctx) throws IOException {
        JsonNode b = body(ctx);
        List<String> paths = new ArrayList<>();
        JsonNode p = b.get("paths");
        if (p != null && p.isArray()) for (JsonNode n : p) paths.add(folders.resolve(n.asText()).toString());
        else paths.add(folders.resolve(text(b, "path", null)).toString());
        if (paths.isEmpty() || paths.size() > 10_000) throw new IllegalArgumentException("give 1…10000 files");
        String spec = String.join(java.io.File.pathSeparator, paths);
        ReadOptions opts = readOptions(b);
        Image img = ImageFiles.read(spec, opts);
        int i = session().addLane(DataLane.of(spec, opts, img), img);
        json(ctx, JSON.createObjectNode().put("lane", i));
    }

    private void changeLane(Context ctx) throws IOException {
        PixelSession s = session();
        int lane = lane(ctx);
        JsonNode b = body(ctx);
        DataLane old = s.project().lanes().get(lane);
        List<String> files = new ArrayList<>();
        for (Path f : old.resolve()) files.add(old.internalPath().isEmpty() ? f.toString() : f + "/" + old.internalPath());
        String spec = String.join(java.io.File.pathSeparator, files);
        ReadOptions opts = readOptions(b);
        Image img = ImageFiles.read(spec, opts);
        s.replaceLane(lane, DataLane.of(spec, opts, img).withName(old.name()), img);
        json(ctx, ok());
    }

    private static ReadOptions readOptions(JsonNode b) {
        String axes = text(b, "axes", null);
        if (axes != null && axes.isBlank()) axes = null;
        String along = text(b, "stackAlong", "z");
        if (along.length() != 1) throw new IllegalArgumentException("stackAlong must be z, t or c");
        return new ReadOptions(axes == null ? null : axes.toLowerCase(Locale.ROOT), along.charAt(0));
    }

    private void files(Context ctx) throws IOException {
        String dir = ctx.queryParam("dir");
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("entries");
        if (dir == null || dir.isEmpty()) {
            o.putNull("dir");
            for (Path r : folders.roots()) a.addObject().put("name", r.toString()).put("path", r.toString()).put("folder", true);
            json(ctx, o);
            return;
        }
        Path d = folders.resolve(dir);
        if (!Files.isDirectory(d)) throw new NotFound(dir + ": not a folder");
        o.put("dir", d.toString());
        Path parent = d.getParent();
        boolean canUp = false;
        if (parent != null) {
            try {
                folders.resolve(parent.toString());
                canUp = true;
            } catch (Folders.ForbiddenPath e) {
                canUp = false;
            }
        }
        o.put("parent", canUp ? parent.toString() : null);
        try (var list = Files.list(d)) {
            list.sorted().limit(5000).forEach(f -> {
                String n = f.getFileName().toString();
                if (n.startsWith(".")) return;
                a.addObject().put("name", n).put("path", f.toString()).put("folder", Files.isDirectory(f));
            });
        }
        json(ctx, o);
    }

    private void export(Context ctx) throws IOException {
        JsonNode b = body(ctx);
        PixelSession s = session();
        List<PixelSource> sources = new ArrayList<>();
        JsonNode sn = b.get("sources");
        if (sn == null || !sn.isArray()) throw new IllegalArgumentException("'sources' must be a list of export sources");
        for (JsonNode n : sn) sources.add(PixelSource.parse(n.asText()));
        ExportSettings e = s.project().export();
        String format = text(b, "format", null);
        if (format != null) e = e.withFormat(ExportFormat.parse(format));
        if (b.has("dtype")) e = e.withDtype(b.get("dtype").isNull() || b.get("dtype").asText().isEmpty() ? null : DType.parse(b.get("dtype").asText()));
        DataRange in = range(b, "inputRange"), out = range(b, "exportRange");
        if ((in == null) != (out == null)) throw new IllegalArgumentException("renormalisation needs both inputRange and exportRange");
        e = e.withRanges(in, out);
        String template = text(b, "filenameTemplate", null);
        if (template != null) {
            // the folder part of the template must stay inside the opened folders (placeholders aside)
            String probe = template.replace("{dataset_dir}", folders.roots().isEmpty() ? "/" : folders.roots().get(0).toString())
                    .replaceAll("\\{[a-z_]+}", "x");
            folders.resolve(probe);
            e = e.withFilenameTemplate(template);
        }
        List<Integer> lanes = new ArrayList<>();
        JsonNode ln = b.get("lanes");
        if (ln != null) for (JsonNode n : ln) lanes.add(n.asInt());
        List<String> files = new ArrayList<>();
        JsonNode fn = b.get("files");
        if (fn != null) for (JsonNode n : fn) files.add(folders.resolve(n.asText()).toString());
        // every lane's data must lie inside the opened folders too, since outputs go beside them by default
        s.setExport(e);
        long job = s.batches().start(new BatchRunner.Request(sources, e, lanes, files));
        json(ctx, JSON.createObjectNode().put("job", job));
    }

    private static DataRange range(JsonNode b, String field) {
        JsonNode r = b.get(field);
        if (r == null || r.isNull()) return null;
        if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be [min, max]");
        }
        if (r.get(0).isIntegralNumber() && r.get(1).isIntegralNumber()) return DataRange.of(r.get(0).asLong(), r.get(1).asLong());
        return DataRange.of(r.get(0).asDouble(), r.get(1).asDouble());
    }

    // ------------------------------------------------------------------------------------------ events

    private void broadcast(SessionEvent e) {
        ObjectNode o;
        if (e instanceof SessionEvent.Trained t) {
            o = event("trained", JSON.createObjectNode());
            o.set("model", model(t.model()));
        } else if (e instanceof SessionEvent.TrainingStarted) {
            o = event("training", JSON.createObjectNode());
        } else if (e instanceof SessionEvent.TrainingFailed f) {
            o = event("trainingFailed", JSON.createObjectNode().put("message", f.message()));
        } else if (e instanceof SessionEvent.ModelCleared c) {
            o = event("modelCleared", JSON.createObjectNode().put("reason", c.reason()));
        } else if (e instanceof SessionEvent.LabelsChanged l) {
            o = event("labels", JSON.createObjectNode().put("lane", l.lane()).put("labelRevision", l.revision()));
        } else if (e instanceof SessionEvent.ProjectChanged p) {
            o = event("project", JSON.createObjectNode().put("what", p.what()));
        } else if (e instanceof SessionEvent.Saved s) {
            o = event("saved", JSON.createObjectNode().put("file", s.path()).put("revision", s.revision()));
        } else if (e instanceof SessionEvent.JobProgress p) {
            o = event("jobProgress", JSON.createObjectNode().put("job", p.job()).put("message", p.message())
                    .put("fraction", p.fraction()));
        } else if (e instanceof SessionEvent.JobFinished f) {
            ObjectNode n = JSON.createObjectNode().put("job", f.job()).put("state", f.state());
            ArrayNode files = n.putArray("files");
            f.files().forEach(files::add);
            ArrayNode errors = n.putArray("errors");
            f.errors().forEach(errors::add);
            o = event("jobFinished", n);
        } else {
            return;
        }
        broadcast(o);
    }

    private void broadcast(ObjectNode o) {
        for (WsContext ws : sockets) send(ws, o);
    }

    private void send(WsContext ws, ObjectNode o) {
        try {
            synchronized (ws) {
                ws.send(o.toString());
            }
        } catch (RuntimeException e) {
            sockets.remove(ws);
        }
    }

    private static ObjectNode event(String type, ObjectNode body) {
        body.put("type", type);
        return body;
    }

    // ------------------------------------------------------------------------------------------ small helpers

    private int lane(Context ctx) {
        int lane = intParam(ctx.pathParam("lane"), "lane");
        int n = session().project().lanes().size();
        if (lane < 0 || lane >= n) throw new NotFound("no lane " + lane + " (the project has " + n + ")");
        return lane;
    }

    private static JsonNode body(Context ctx) throws IOException {
        if (ctx.contentLength() > MAX_JSON) throw new Refused(413, "request body too large (at most 1 MiB of JSON)");
        byte[] b = ctx.bodyAsBytes();
        if (b.length > MAX_JSON) throw new Refused(413, "request body too large (at most 1 MiB of JSON)");
        if (b.length == 0) return JSON.createObjectNode();
        JsonNode n = JSON.readTree(b);
        if (n == null || !n.isObject()) throw new IllegalArgumentException("the request body must be a JSON object");
        return n;
    }

    private static void json(Context ctx, JsonNode n) {
        ctx.contentType("application/json").result(n.toString());
    }

    private static ObjectNode ok() { return JSON.createObjectNode().put("ok", true); }

    private static int intParam(String v, String name) {
        if (v == null) throw new IllegalArgumentException("'" + name + "' is needed");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private static int intParam(String v, String name, int dflt) {
        return v == null ? dflt : intParam(v, name);
    }

    private static String text(JsonNode b, String f, String dflt) {
        JsonNode n = b.get(f);
        if (n == null || n.isNull()) return dflt;
        if (!n.isTextual()) throw new IllegalArgumentException("'" + f + "' must be a string");
        return n.asText();
    }

    private static int integer(JsonNode b, String f, int dflt) {
        JsonNode n = b.get(f);
        if (n == null || n.isNull()) return dflt;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw new IllegalArgumentException("'" + f + "' must be an integer");
        return n.asInt();
    }

    private static double number(JsonNode b, String f, double dflt) {
        JsonNode n = b.get(f);
        if (n == null || n.isNull()) return dflt;
        if (!n.isNumber()) throw new IllegalArgumentException("'" + f + "' must be a number");
        return n.asDouble();
    }

    private static boolean bool(JsonNode b, String f) {
        JsonNode n = b.get(f);
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw new IllegalArgumentException("'" + f + "' must be true or false");
        return n.asBoolean();
    }

    /** A colour "#rrggbb" as 0xRRGGBB, or −1 when absent. */
    private static int colour(JsonNode b) {
        String c = text(b, "colour", null);
        if (c == null) return -1;
        if (!c.matches("#[0-9a-fA-F]{6}")) throw new IllegalArgumentException("colour must be #rrggbb, got '" + c + "'");
        return Integer.parseInt(c.substring(1), 16);
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        in.transferTo(o);
        return o.toByteArray();
    }

    static Map<String, String> noCache() { return Map.of("Cache-Control", "no-store"); }
}
