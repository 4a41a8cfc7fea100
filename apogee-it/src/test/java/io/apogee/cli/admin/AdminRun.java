package io.apogee.cli.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.cli.ApogeeCommandAccess;

import java.util.ArrayList;
import java.util.List;

/** One in-process run of {@code apogee admin ...}: its exit code, stdout and stderr. */
record AdminRun(int exit, String out, String err) {

    /** Runs {@code apogee admin <args>} against the given name servers (null: no -n). */
    static AdminRun admin(String namesrv, String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        if (namesrv != null) {
            all.add("-n");
            all.add(namesrv);
        }
        ApogeeCommandAccess.Run run = ApogeeCommandAccess.run(all);
        return new AdminRun(run.exit(), run.out(), run.err());
    }

    JSONArray jsonArray() {
        return JSON.parseArray(out);
    }

    JSONObject jsonObject() {
        return JSON.parseObject(out);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
